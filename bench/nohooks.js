'use strict';

// Builds a commit's src/ with the statistics hooks on the hot paths taken out, as the `base`
// client for measuring what `agent.stats()` costs without the other changes made since the hooks
// came in (an older commit without them differs in more than the hooks). Usage:
//   node bench/nohooks.js [ref=HEAD] [dir=$TMPDIR/agent-sdk-nohooks]    (prints the dist directory)
//   BENCH_BASE_DIR=$(node bench/nohooks.js | tail -1) node bench/run.js --clients=ours,base --only=timeouts,notify,reqresp --runs=21
// Taken out: the count per request sent, refused and settled (no tag in the pending entry, no
// watch of callback-less requests, the sweep settles directly), the count per notification and
// the trace check per frame. Left in: the hooks of rare events (open, close, reconnect, error).
// Each edit must find its text: if the source moved on, this stops rather than build half of it.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { execSync } = require('child_process');

const root = path.join(__dirname, '..');
const ref = process.argv[2] || 'HEAD';
const dir = path.resolve(process.argv[3] || path.join(os.tmpdir(), 'agent-sdk-nohooks'));

const EDITS = [
    ['src/outgoing.ts', /\n *const counts = this\.observe\.sent\(name, frame\);\n *if \(track\) this\.pending\.add\(id, track, timeout, counts\);\n *else this\.pending\.watch\(id, counts\);/, '\n    if (track) this.pending.add(id, track, timeout);'],
    ['src/agent.ts', /return this\.agent\.observe\.stats;/, 'return undefined;'],
    ['src/outgoing.ts', /\n *this\.observe\.refused\(name\);/, ''],
    ['src/incoming.ts', /\n *if \(this\.observe\.tracing\) this\.observe\.frameIn\(msg\);/, ''],
    ['src/incoming.ts', /\n *this\.observe\.notification\([^)]*\);/g, ''],
    ['src/requests/pending.ts', /timeout: wait, tag \}/, 'timeout: wait }'],
    ['src/requests/pending.ts', /\n {2}tag: unknown;/, '\n  tag?: unknown;'],
    ['src/requests/pending.ts', /if \(this\.entries\.delete\(ids\[i\]\)\) this\.timedOut\(expired\[i\]\);/, "if (this.entries.delete(ids[i])) this.invoke(expired[i].settle, this.options.timeoutError());"],
];

fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
execSync(`git archive ${JSON.stringify(ref)} src tsconfig.json tsconfig.build.json | tar -x -C ${JSON.stringify(dir)}`, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
for (const [file, pattern, replacement] of EDITS) {
    const at = path.join(dir, file);
    const text = fs.readFileSync(at, 'utf8');
    if (!pattern.test(text)) throw new Error(`${file}: ${pattern} not found in ${ref}`);
    pattern.lastIndex = 0;
    fs.writeFileSync(at, text.replace(pattern, replacement));
}
fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
execSync(`${JSON.stringify(path.join(root, 'node_modules', '.bin', 'tsc'))} -p tsconfig.build.json`, { cwd: dir, stdio: 'inherit' });
console.log(path.join(dir, 'dist'));
