'use strict';

// Builds a commit's src/ with the statistics hooks on the hot paths taken out, as the `base`
// client for measuring what `agent.stats()` costs without the other changes made since the hooks
// came in (an older commit without them differs in more than the hooks). Usage:
//   node bench/nohooks.js [ref=HEAD] [dir=$TMPDIR/agent-sdk-nohooks]    (prints the dist directory)
//   BENCH_BASE_DIR=$(node bench/nohooks.js | tail -1) node bench/run.js --clients=ours,base --only=timeouts,notify,reqresp --runs=21
// or in one step: node bench/run.js --nohooks[=ref] ...  (npm run bench:stats)
// Taken out: the count per request sent, refused and settled (no tag in the pending entry, no
// latency sampling, no watch of callback-less requests, the sweep settles directly), the count
// per notification and the trace check per frame. Left in: the hooks of rare events (open, close,
// reconnect, error).

const os = require('os');
const path = require('path');
const { buildCommit } = require('./lib/build');

const EDITS = [
    ['src/outgoing.ts', /\n *if \(this\.observe\.tracing\) this\.observe\.frameOut\(frame\);\n *\/\/ Counted[^\n]*\n *this\.observe\.stats\.sent\(spec\.index\);\n *if \(track\) this\.pending\.add\(id, track, timeout, spec\.index\);\n *else this\.pending\.watch\(id, spec\.index\);/, '\n    if (track) this.pending.add(id, track, timeout);'],
    ['src/agent.ts', /return this\.agent\.observe\.stats;/, 'return undefined;'],
    ['src/outgoing.ts', /\n *this\.observe\.refused\(name\);/, ''],
    ['src/incoming.ts', /\n *if \(this\.observe\.tracing\) this\.observe\.frameIn\(msg\);/, ''],
    ['src/incoming.ts', /\n *this\.observe\.stats\.notification\([^)]*\);/g, ''],
    ['src/requests/pending.ts', /timeout: wait, tag \}/, 'timeout: wait }'],
    ['src/requests/pending.ts', /\n {2}tag: number \| undefined;/, '\n  tag?: number;'],
    ['src/requests/pending.ts', /\n *if \(launchTime !== this\.lastSampled && tag !== undefined\) \{\n *this\.lastSampled = launchTime;\n *tag = ~tag;\n *\}/, ''],
    ['src/requests/pending.ts', /this\.finish\(entry, entry\.settle === NOBODY \? true : this\.options\.timeoutError\(\), undefined, 'timeout'\);\n *\}\n *\}/, "this.invoke(entry.settle, this.options.timeoutError());\n    }\n  }"],
];

/** Builds `ref` without the hooks into `dir`; returns its dist directory. */
function buildWithoutHooks(ref, dir) {
    return buildCommit(ref, dir, EDITS);
}

module.exports = { buildWithoutHooks };

if (require.main === module) {
    const ref = process.argv[2] || 'HEAD';
    const dir = path.resolve(process.argv[3] || path.join(os.tmpdir(), 'agent-sdk-nohooks'));
    console.log(buildWithoutHooks(ref, dir));
}
