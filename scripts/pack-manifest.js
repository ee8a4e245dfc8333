#!/usr/bin/env node
// `npm pack`/`npm publish` hooks: the packed package.json leaves out `prepare`. It builds dist/
// for a clone and for a git install, but a tarball already holds dist/, and npm warns about the
// install scripts of every package it installs. `strip` (prepack) keeps the original aside,
// `restore` (postpack) puts it back.
const fs = require('fs');
const path = require('path');

const manifest = path.join(__dirname, '..', 'package.json');
const original = `${manifest}.before-pack`;

const step = process.argv[2];
if (step === 'strip') {
  const text = fs.readFileSync(manifest, 'utf8');
  fs.writeFileSync(original, text);
  const pkg = JSON.parse(text);
  delete pkg.scripts.prepare;
  fs.writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
} else if (step === 'restore') {
  if (fs.existsSync(original)) fs.renameSync(original, manifest);
} else {
  console.error('usage: pack-manifest.js strip|restore');
  process.exit(2);
}
