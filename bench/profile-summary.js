'use strict';

// Summarise a V8 .cpuprofile (from `node bench/run.js --profile`): self time per function,
// and total (inclusive) time for the heaviest frames. Usage:
//   node bench/profile-summary.js bench/results/profiles/<file>.cpuprofile [topN]

const fs = require('fs');
const path = require('path');

const file = process.argv[2];
const top = Number(process.argv[3] || 25);
if (!file) {
    console.error('usage: node bench/profile-summary.js <file.cpuprofile> [topN]');
    process.exit(2);
}
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children || []) parent.set(c, n.id);

// sample durations
const self = new Map();
const { samples, timeDeltas } = prof;
for (let i = 0; i < samples.length; i++) {
    const dt = (timeDeltas[i + 1] !== undefined ? timeDeltas[i + 1] : 0) / 1000;
    self.set(samples[i], (self.get(samples[i]) || 0) + dt);
}

function key(n) {
    const cf = n.callFrame;
    const url = cf.url ? cf.url.replace(/^file:\/\//, '') : '';
    let where = url;
    const nm = url.lastIndexOf('node_modules/');
    if (nm >= 0) where = url.slice(nm + 'node_modules/'.length);
    else if (url) where = path.relative(process.cwd(), url);
    return `${cf.functionName || '(anonymous)'} ${where ? `${where}:${cf.lineNumber + 1}` : ''}`.trim();
}

const selfByKey = new Map();
const totalByKey = new Map();
let total = 0;
for (const [id, ms] of self) {
    total += ms;
    const k = key(byId.get(id));
    selfByKey.set(k, (selfByKey.get(k) || 0) + ms);
    // inclusive: count once per distinct key on the stack
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        const kk = key(byId.get(cur));
        if (seen.has(kk)) continue;
        seen.add(kk);
        totalByKey.set(kk, (totalByKey.get(kk) || 0) + ms);
    }
}

function show(title, map) {
    console.log(`\n${title}`);
    [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).forEach(([k, ms]) => {
        console.log(`${ms.toFixed(1).padStart(9)} ms ${(100 * ms / total).toFixed(1).padStart(5)}%  ${k}`);
    });
}

console.log(`${file}: ${total.toFixed(1)} ms sampled`);
show('self time', selfByKey);
show('inclusive time', new Map([...totalByKey.entries()].filter(([k]) => !/^\((root|program|idle|garbage collector)\)/.test(k))));
