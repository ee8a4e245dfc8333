'use strict';

// Builds src/ of a commit into `dir` (dist in `dir`/dist) with this checkout's compiler and
// node_modules, after applying `edits`: [file, pattern, replacement] each. Every edit must find
// its text: if the source moved on, this stops rather than build half of it.

const fs = require('fs');
const path = require('path');
const { execSync } = require('child_process');

const root = path.join(__dirname, '..', '..');

function buildCommit(ref, dir, edits = []) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    execSync(`git archive ${JSON.stringify(ref)} src tsconfig.json tsconfig.build.json | tar -x -C ${JSON.stringify(dir)}`, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    for (const [file, pattern, replacement] of edits) {
        const at = path.join(dir, file);
        const text = fs.readFileSync(at, 'utf8');
        if (!pattern.test(text)) throw new Error(`${file}: ${pattern} not found in ${ref}`);
        pattern.lastIndex = 0;
        fs.writeFileSync(at, text.replace(pattern, replacement));
    }
    fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
    execSync(`${JSON.stringify(path.join(root, 'node_modules', '.bin', 'tsc'))} -p tsconfig.build.json`, { cwd: dir, stdio: 'inherit' });
    return path.join(dir, 'dist');
}

module.exports = { buildCommit };
