'use strict';

// Performance benchmark: raw ws (floor) vs ours (../dist) vs original (node-agent-sdk 1.2.0).
//
//   node bench/run.js              full run (5 runs per cell, full sizes)
//   node bench/run.js --quick      development run (1 run, small sizes, < ~60 s)
//   options: --runs=N  --only=reqresp,notify,timeouts,sends,timeouts2x,agents,exconv  --clients=raw,ours,original
//            --scale=F (multiply all sizes)  --out=path.json   (env: BENCH_RUNS, BENCH_QUICK=1, BENCH_SCALE)
//            env BENCH_OURS_DIR=dir  benchmark another build of ours instead of ../dist
//            env BENCH_NODE_FLAGS='--trace-opt …'  flags for the client processes; BENCH_CHILD_STDOUT=1 shows their stdout
//            --base=<git ref>  also run `base`: ours built from that commit (in a temp dir), and
//                       print ours/base ratios per workload (e.g. --base=2bd3332 --clients=ours,base)
//            --nohooks[=ref]  `base` is that commit (default HEAD) with the statistics hooks taken out
//                       (bench/nohooks.js): what agent.stats() costs (npm run bench:stats)
//            env BENCH_BASE_DIR=dir  use an existing build as `base` instead of --base
//            --profile  write a V8 CPU profile per client run to bench/results/profiles/
//            --instructions  run the clients under valgrind's callgrind and count their instructions
//                       (repeatable where CPU time is not; about 50 times slower): prints each
//                       workload's count (the run's minus that of a run that only connects) and,
//                       with base, the difference; needs valgrind
//            --only=fleet  just the fleet benchmark (bench/fleet.js: bot users over worker processes on etcd)
//                       (summarise one with `node bench/profile-summary.js <file.cpuprofile>`)
//
// One server child (HTTPS+WSS on 127.0.0.1, self-signed cert trusted through NODE_EXTRA_CA_CERTS),
// one child per client per run. Figures are the client child's CPU (user+system) and wall time.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { fork, execSync } = require('child_process');
const selfsigned = require('selfsigned');
const { runFleetBench } = require('./fleet');
const { buildCommit } = require('./lib/build');
const { buildWithoutHooks } = require('./nohooks');

const CLIENTS = ['raw', 'ours', 'original'];
const OURS_DIR = path.resolve(process.env.BENCH_OURS_DIR || path.join(__dirname, '..', 'dist'));
const CLIENT_LABEL = { raw: 'raw ws', ours: 'ours', original: 'original 1.2.0', base: 'base' };

// ---- options ---------------------------------------------------------------------------------

function parseArgs(argv) {
    const opts = {};
    for (const a of argv) {
        const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
        if (!m) throw new Error(`unknown argument ${a}`);
        opts[m[1]] = m[2] === undefined ? true : m[2];
    }
    return opts;
}

const args = parseArgs(process.argv.slice(2));
const quick = Boolean(args.quick || process.env.BENCH_QUICK === '1');
const runs = Number(args.runs || process.env.BENCH_RUNS || (quick ? 1 : 5));
const scale = Number(args.scale || process.env.BENCH_SCALE || 1);
const onlyWorkloads = args.only ? String(args.only).split(',') : null;
// --nohooks[=ref]: base is that commit (HEAD) with the statistics hooks taken out (bench/nohooks.js).
const noHooksRef = args.nohooks ? (args.nohooks === true ? 'HEAD' : String(args.nohooks)) : null;
const baseRef = args.base ? String(args.base) : noHooksRef;
const clients = args.clients ? String(args.clients).split(',') : baseRef || process.env.BENCH_BASE_DIR ? ['raw', 'ours', 'base', 'original'] : CLIENTS;
if (noHooksRef) CLIENT_LABEL.base = `${noHooksRef} no hooks`.slice(0, 20);
else if (baseRef) CLIENT_LABEL.base = `base ${baseRef}`.slice(0, 20);
const profileDir = args.profile ? path.join(__dirname, 'results', 'profiles') : null;
const instructions = Boolean(args.instructions);
/** With --instructions: where the callgrind wrapper and its counts live (the run's temp dir). */
let callgrindDir = null;
const outPath = path.resolve(args.out || path.join(__dirname, 'results', 'latest.json'));
const sz = (full, small) => Math.max(1, Math.round((quick ? small : full) * scale));

// each case: id, workload (client.js), params, deadline (ms, client-side; the parent kills 15 s later)
const CASES = [
    {
        id: 'reqresp', workload: 'reqresp',
        params: { n: sz(20000, 5000), window: 1000 },
        label: (p) => `req/resp: ${p.n} getClock, ${p.window} in flight`,
        deadlineMs: quick ? 20000 : 60000,
    },
    {
        id: 'notify', workload: 'notify',
        params: { n: sz(20000, 5000) },
        label: (p) => `notifications: ${p.n} OnlineEventDistribution`,
        deadlineMs: quick ? 20000 : 60000,
    },
    {
        id: 'timeouts', workload: 'timeouts',
        params: { n: sz(20000, 5000), requestTimeout: 1000, errorCheckInterval: 100 },
        label: (p) => `timeouts: ${p.n} unanswered (1000/100 ms)`,
        deadlineMs: quick ? 15000 : 60000,
    },
    {
        id: 'sends', workload: 'sends',
        params: { n: sz(20000, 5000), requestTimeout: 1000, errorCheckInterval: 100 },
        label: (p) => `sends: the same ${p.n}, until sent`,
        deadlineMs: quick ? 15000 : 60000,
    },
    {
        id: 'timeouts2x', workload: 'timeouts',
        params: { n: sz(40000, 10000), requestTimeout: 1000, errorCheckInterval: 100 },
        label: (p) => `timeouts: ${p.n} unanswered (1000/100 ms)`,
        deadlineMs: quick ? 15000 : 60000,
    },
    {
        id: 'agents', workload: 'agents',
        params: { agents: sz(1000, 200) },
        label: (p) => `many agents: connect ${p.agents}`,
        deadlineMs: quick ? 20000 : 60000,
    },
    {
        id: 'exconv', workload: 'exconv',
        params: { n: sz(5000, 1000) },
        label: (p) => `ExConversationChange: ${p.n} (50 ppl, 5 dialogs)`,
        deadlineMs: quick ? 20000 : 60000,
    },
].filter((c) => !onlyWorkloads || onlyWorkloads.includes(c.id) || onlyWorkloads.includes(c.workload));
// Counting instructions, every workload's count is its run's minus this one's (start, connect, report).
if (instructions) CASES.unshift({ id: 'idle', workload: 'idle', params: {}, label: () => 'idle: connect only', deadlineMs: 60000 });
// Under valgrind everything runs about 50 times slower.
if (instructions) for (const c of CASES) c.deadlineMs *= 10;

// ---- certificate and server ------------------------------------------------------------------

async function makeCert(dir) {
    const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
        keyType: 'ec',
        curve: 'P-256',
        algorithm: 'sha256',
        notAfterDate: new Date(Date.now() + 2 * 86400000),
        extensions: [
            { name: 'basicConstraints', cA: true },
            { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
            { name: 'extKeyUsage', serverAuth: true },
            { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
        ],
    });
    const certPath = path.join(dir, 'bench-ca.pem');
    const keyPath = path.join(dir, 'bench-key.pem');
    fs.writeFileSync(certPath, pems.cert);
    fs.writeFileSync(keyPath, pems.private, { mode: 0o600 });
    return { certPath, keyPath };
}

function startServer(certPath, keyPath) {
    return new Promise((resolve, reject) => {
        const child = fork(path.join(__dirname, 'server.js'), [certPath, keyPath], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        const t = setTimeout(() => reject(new Error('server did not start')), 10000);
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
        child.on('message', (m) => {
            if (m && m.type === 'listening') {
                clearTimeout(t);
                resolve({ child, port: m.port });
            }
        });
    });
}

function serverStats(server) {
    return new Promise((resolve) => {
        const t = setTimeout(() => resolve(null), 2000);
        const onMsg = (m) => {
            if (m && m.type === 'stats') {
                clearTimeout(t);
                server.child.off('message', onMsg);
                resolve(m.stats);
            }
        };
        server.child.on('message', onMsg);
        server.child.send({ cmd: 'stats' });
    });
}

// ---- instruction counts (--instructions) ---------------------------------------------------------

/** A program that runs node under callgrind, writing its counts to `dir`/<pid>.out. */
function callgrindWrapper(dir) {
    try {
        execSync('valgrind --version', { stdio: 'ignore' });
    } catch {
        throw new Error('--instructions needs valgrind (Debian: apt-get install valgrind)');
    }
    const wrapper = path.join(dir, 'node-under-callgrind.sh');
    fs.writeFileSync(wrapper, `#!/bin/sh\nexec valgrind --tool=callgrind --cache-sim=no --branch-sim=no -q --callgrind-out-file=${dir}/%p.out ${process.execPath} "$@"\n`, { mode: 0o755 });
    return wrapper;
}

/** A child's instruction count in millions, and the part spent in V8's optimising compiler. */
function readCallgrind(file) {
    const text = fs.readFileSync(file, 'utf8');
    const total = Number((/^summary: (\d+)/m.exec(text) || [])[1]);
    const annotated = execSync(`callgrind_annotate --threshold=100 ${JSON.stringify(file)}`, { maxBuffer: 64 << 20 }).toString();
    let compiler = 0;
    for (const line of annotated.split('\n')) {
        const m = /^\s*([\d,]+) \(\s*[\d.]+%\)\s+(.*)$/.exec(line);
        if (m && /v8::internal::compiler::/.test(m[2])) compiler += Number(m[1].replace(/,/g, ''));
    }
    fs.rmSync(file, { force: true });
    return { instructionsM: total / 1e6, compilerM: compiler / 1e6 };
}

// ---- one client run --------------------------------------------------------------------------

function runClient(client, kase, port, certPath) {
    return new Promise((resolve) => {
        const job = { client, workload: kase.workload, params: kase.params, port, deadlineMs: kase.deadlineMs };
        const child = fork(path.join(__dirname, 'client.js'), [], {
            execPath: callgrindDir ? path.join(callgrindDir, 'node-under-callgrind.sh') : process.execPath,
            // BENCH_NODE_FLAGS: extra V8/Node flags for the client children (experiments, e.g. --trace-opt).
            execArgv: ['--expose-gc'].concat((process.env.BENCH_NODE_FLAGS || '').split(' ').filter(Boolean), profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`,
                `--cpu-prof-name=${kase.id}-${client}-${Date.now()}.cpuprofile`] : []),
            env: Object.assign({}, process.env, { NODE_EXTRA_CA_CERTS: certPath, BENCH_JOB: JSON.stringify(job) }),
            stdio: ['ignore', process.env.BENCH_CHILD_STDOUT ? 'inherit' : 'ignore', 'pipe', 'ipc'],
        });
        let result = null;
        let stderr = '';
        child.stderr.on('data', (d) => {
            if (stderr.length < 4000) stderr += d;
        });
        const killer = setTimeout(() => child.kill('SIGKILL'), kase.deadlineMs + 15000);
        child.on('message', (m) => {
            result = m;
        });
        child.on('exit', (code, signal) => {
            clearTimeout(killer);
            if (!result) {
                result = { client, workload: kase.workload, error: `child exited (code ${code}, signal ${signal}) without a result; stderr: ${stderr.trim().slice(-500)}` };
            }
            if (callgrindDir && !result.error && !result.unavailable) Object.assign(result, readCallgrind(path.join(callgrindDir, `${child.pid}.out`)));
            resolve(result);
        });
    });
}

// ---- statistics and formatting ---------------------------------------------------------------

function median(xs) {
    const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
    if (v.length === 0) return null;
    const mid = v.length >> 1;
    return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

const METRICS = ['instructionsM', 'compilerM', 'cpuMs', 'userMs', 'systemMs', 'mainMs', 'wallMs', 'serverCpuMs', 'serverTlsHandshakes', 'serverHttpRequests', 'heapPerAgentKB', 'rssPerAgentKB', 'errors', 'lateErrors', 'connected', 'done'];

function summarize(results) {
    const ok = results.filter((r) => !r.error && !r.timedOut && !r.unavailable);
    const s = { runs: results.length, okRuns: ok.length };
    for (const k of METRICS) {
        const m = median(ok.map((r) => r[k]));
        if (m !== null) s[k] = m;
    }
    const timedOut = results.find((r) => r.timedOut);
    if (timedOut) s.timedOut = { cpuMs: timedOut.cpuMs, wallMs: timedOut.wallMs, done: timedOut.done, connected: timedOut.connected };
    const err = results.find((r) => r.error);
    if (err) s.error = err.error;
    if (results.some((r) => r.unavailable)) s.unavailable = true;
    const checks = [...new Set(results.map((r) => r.check).filter(Boolean))];
    if (checks.length) s.check = checks.join(',');
    return s;
}

function fmtNum(x, digits) {
    if (x === null || x === undefined) return '-';
    if (digits === undefined) digits = x >= 100 ? 0 : x >= 10 ? 1 : 2;
    return x.toFixed(digits);
}

function cell(s, metric, rawS, opts) {
    opts = opts || {};
    if (!s) return 'not run';
    if (s.unavailable) return 'n/a';
    if (s[metric] === undefined) {
        if (s.timedOut) return `>${fmtNum(s.timedOut.wallMs / 1000, 0)}s timeout`;
        if (s.error) return 'error';
        return '-';
    }
    const v = s[metric];
    let out = fmtNum(v, opts.digits);
    if (opts.ratio !== false && rawS && rawS[metric] > 0) out += ` (${(v / rawS[metric]).toFixed(2)}x)`;
    return out;
}

function pad(s, n) {
    s = String(s);
    return s.length >= n ? s : s + ' '.repeat(n - s.length);
}
function lpad(s, n) {
    s = String(s);
    return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

// ours against base per workload: the ratio of the medians, and whether it is within `limit`;
// with it the ratio of the fastest runs and the median of the per-round ratios (ours and base of
// the same round ran back to back, so load that changes over the run cancels out of those).
function printBaseComparison(caseResults, limit) {
    const rows = [];
    const pct = (ratio) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(1)} %`;
    for (const cr of caseResults) {
        const o = cr.summary.ours;
        const b = cr.summary.base;
        if (!o || !b) continue;
        const metrics = cr.workload === 'agents' ? ['cpuMs', 'mainMs', 'wallMs', 'heapPerAgentKB'] : ['cpuMs', 'mainMs', 'wallMs'];
        for (const m of metrics) {
            if (!(o[m] > 0 && b[m] > 0)) continue;
            const ratio = o[m] / b[m];
            const ours = (cr.runs.ours || []).map((r) => r[m]);
            const base = (cr.runs.base || []).map((r) => r[m]);
            const paired = ours.map((v, i) => v / base[i]).filter((r) => r > 0 && Number.isFinite(r));
            const fastest = (xs) => Math.min(...xs.filter((x) => x > 0));
            const extra = ours.length && base.length ? lpad(pct(fastest(ours) / fastest(base)), 10) + lpad(paired.length ? pct(median(paired)) : '', 10) : '';
            const ci = medianInterval(paired);
            const ciText = ci ? `${pct(ci[0])} .. ${pct(ci[1])}` : 'n/a';
            // With an interval: "ok" only when its upper end is within the limit; "unclear" when the medians are but the interval is not.
            const verdict = ratio > 1 + limit ? `> ${limit * 100} %` : !ci || ci[1] <= 1 + limit ? 'ok' : 'unclear';
            rows.push(`${pad(cr.id, 12)}${pad(m, 16)}${lpad(fmtNum(o[m]), 10)}${lpad(fmtNum(b[m]), 10)}${lpad(pct(ratio), 10)}${extra}${lpad(ciText, 22)}  ${verdict}`);
        }
    }
    if (rows.length === 0) return;
    console.log(`\nours vs ${CLIENT_LABEL.base} (+ = ours slower or bigger; diff of the medians, of the minima, and the median of the per-round ratios with its 95 % interval)`);
    console.log(`${pad('workload', 12)}${pad('metric', 16)}${lpad('ours', 10)}${lpad('base', 10)}${lpad('medians', 10)}${lpad('minima', 10)}${lpad('paired', 10)}${lpad('paired 95 %', 22)}`);
    console.log(rows.join('\n'));
}

/**
 * A distribution-free 95 % confidence interval of the median of `xs`: the order statistics at
 * ranks n/2 ∓ 0.98·√n (the normal approximation of the binomial). Null under 9 values, where the
 * interval would be nearly the whole range.
 */
function medianInterval(xs) {
    const n = xs.length;
    if (n < 9) return null;
    const sorted = [...xs].sort((a, b) => a - b);
    const k = Math.max(0, Math.floor((n - 1.96 * Math.sqrt(n)) / 2));
    return [sorted[k], sorted[n - 1 - k]];
}

// Instructions per workload and client: the median run's count minus the median idle run's, so
// that starting node, connecting and reporting (the same in every run) are not counted; the
// part in V8's optimising compiler likewise. With base, ours' difference as a share of base's.
function printInstructions(caseResults) {
    const idle = caseResults.find((c) => c.id === 'idle');
    if (!idle) return;
    const cols = clients.filter((c) => idle.summary[c] && idle.summary[c].instructionsM > 0);
    const of = (cr, c, m) => (cr.summary[c] && cr.summary[c][m] > 0 ? cr.summary[c][m] - idle.summary[c][m] : null);
    console.log('\ninstructions in millions (callgrind; the workload\'s = its run\'s median minus the idle run\'s), of them in V8\'s optimising compiler');
    console.log(pad('workload', 12) + cols.map((c) => lpad(CLIENT_LABEL[c], 22)).join('') + (cols.includes('base') ? lpad('ours vs base', 16) + lpad('of it compiler', 16) : ''));
    for (const cr of caseResults) {
        if (cr === idle) continue;
        const line = cols.map((c) => {
            const all = of(cr, c, 'instructionsM');
            return lpad(all === null ? '-' : `${fmtNum(all, 1)} (${fmtNum(of(cr, c, 'compilerM'), 1)})`, 22);
        });
        let diff = '';
        const [o, b] = [of(cr, 'ours', 'instructionsM'), of(cr, 'base', 'instructionsM')];
        if (o !== null && b !== null) {
            const compilerDiff = of(cr, 'ours', 'compilerM') - of(cr, 'base', 'compilerM');
            diff = lpad(`${o >= b ? '+' : ''}${((o / b - 1) * 100).toFixed(1)} %`, 16) + lpad(`${compilerDiff >= 0 ? '+' : ''}${fmtNum(compilerDiff, 1)} M`, 16);
        }
        console.log(pad(cr.id, 12) + line.join('') + diff);
    }
}

function printTable(caseResults) {
    const labelW = 52;
    const metricW = 26;
    const colW = 22;
    const lines = [];
    const header = pad('workload', labelW) + pad('metric', metricW) + clients.map((c) => lpad(CLIENT_LABEL[c], colW)).join('');
    lines.push(header);
    lines.push('-'.repeat(header.length));
    for (const cr of caseResults) {
        const rows = [];
        if (cr.workload === 'agents') {
            rows.push(['connect all, CPU ms', 'cpuMs', {}]);
            rows.push(['connect all, wall ms', 'wallMs', {}]);
            rows.push(['heap/agent KB (after gc)', 'heapPerAgentKB', {}]);
            rows.push(['RSS/agent KB', 'rssPerAgentKB', {}]);
            rows.push(['errors', 'errors', { ratio: false, digits: 0 }]);
        } else {
            rows.push(['CPU ms', 'cpuMs', {}]);
            rows.push(['wall ms', 'wallMs', {}]);
        }
        rows.forEach(([name, metric, opts], i) => {
            lines.push(pad(i === 0 ? cr.label : '', labelW) + pad(name, metricW) +
                clients.map((c) => lpad(cell(cr.summary[c], metric, cr.summary.raw, opts), colW)).join(''));
        });
    }
    console.log(lines.join('\n'));
}

// `timeouts` minus `sends` (same n, same options): the CPU that timing the requests out costs
function timeoutsAdd(caseResults) {
    const timeouts = caseResults.find((c) => c.id === 'timeouts');
    const sends = caseResults.find((c) => c.id === 'sends');
    if (!timeouts || !sends || timeouts.params.n !== sends.params.n) return null;
    const byClient = {};
    for (const c of clients) {
        const t = timeouts.summary[c] && timeouts.summary[c].cpuMs;
        const s = sends.summary[c] && sends.summary[c].cpuMs;
        if (typeof t === 'number' && typeof s === 'number') byClient[c] = t - s;
    }
    return { n: timeouts.params.n, byClient };
}

function printFleet(f) {
    console.log('');
    if (f.skipped || f.error) return console.log(`fleet: ${f.skipped ? `skipped, ${f.skipped}` : `ERROR ${f.error}`}`);
    const rows = [
        [`${f.bots} bot users over ${f.workers} workers: all connected`, `${(f.allConnectedMs / 1000).toFixed(1)} s (shares ${f.shares.join('/')})`],
        [`takeover after kill -9 (lease TTL ${f.leaseTtl} s)`, `${(f.takeoverMs / 1000).toFixed(1)} s for ${f.takenOver} bots (lease expired after ${(f.leaseExpiredAfterMs / 1000).toFixed(1)} s)`],
        ['etcd requests at steady state', `${f.etcdReqPerSec.toFixed(2)} req/s (${f.etcdRequests} in ${f.steadyWindowMs / 1000} s)`],
        ['most sockets of one bot user at once', String(f.maxConcurrentSocketsPerUser)],
        ['SIGTERM to the other workers: every socket closed', `${(f.stopMs / 1000).toFixed(1)} s, ${f.socketsLeftAfterStop} left`],
        ['worker errors', `${f.workerErrors}${f.workerErrorKinds.length ? ` (${f.workerErrorKinds.join('; ')})` : ''}`],
    ];
    console.log(pad('fleet', 56) + 'result');
    console.log('-'.repeat(90));
    for (const [k, v] of rows) console.log(pad(k, 56) + v);
}

// ---- main ------------------------------------------------------------------------------------

function machineInfo(oursAvailable) {
    const cpus = os.cpus();
    let commit = null;
    try {
        commit = execSync('git rev-parse HEAD', { cwd: path.join(__dirname, '..'), stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    } catch {
        commit = null;
    }
    const version = (p) => {
        try {
            return require(p).version;
        } catch {
            return null;
        }
    };
    return {
        cpuModel: cpus[0] && cpus[0].model,
        cores: cpus.length,
        node: process.version,
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        totalMemMB: Math.round(os.totalmem() / 1048576),
        loadAvgAtStart: os.loadavg().map((x) => Number(x.toFixed(2))),
        date: new Date().toISOString(),
        gitCommit: commit,
        oursDistPresent: oursAvailable,
        oursDir: path.relative(path.join(__dirname, '..'), OURS_DIR),
        versions: {
            ws: version('ws/package.json'),
            original: version('original-agent-sdk/package.json'),
            ours: version(path.join(__dirname, '..', 'package.json')),
        },
    };
}

async function main() {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-sdk-bench-'));
    const cleanup = () => fs.rmSync(tmp, { recursive: true, force: true });
    const { certPath, keyPath } = await makeCert(tmp);
    if (instructions) {
        callgrindWrapper(tmp);
        callgrindDir = tmp;
    }
    const server = await startServer(certPath, keyPath);
    server.child.removeAllListeners('exit');
    const oursAvailable = fs.existsSync(path.join(OURS_DIR, 'index.js'));
    const machine = machineInfo(oursAvailable);
    console.log(`bench: ${quick ? 'quick' : 'full'} mode, ${runs} run(s) per cell, server on 127.0.0.1:${server.port}`);
    console.log(`machine: ${machine.cpuModel} x${machine.cores}, node ${machine.node}, ${machine.platform}`);
    if (os.loadavg()[0] > machine.cores * 0.5) {
        console.log(`warning: load average ${os.loadavg()[0].toFixed(2)} on ${machine.cores} cores: other work is running, figures will be noisy`);
    }
    if (clients.includes('base') && (baseRef || !process.env.BENCH_BASE_DIR)) {
        if (!baseRef) throw new Error('the base client needs --base=<git ref> or BENCH_BASE_DIR');
        console.log(`base: building ${baseRef}${noHooksRef ? ' without the statistics hooks' : ''} ...`);
        const dir = path.join(tmp, 'base');
        process.env.BENCH_BASE_DIR = noHooksRef ? buildWithoutHooks(noHooksRef, dir) : buildCommit(baseRef, dir);
    }
    if (!oursAvailable) console.log(`ours: ${path.join(OURS_DIR, 'index.js')} not found (run \`npm run build\`); column shows n/a`);
    else if (process.env.BENCH_OURS_DIR) console.log(`ours: ${OURS_DIR}`);

    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    const started = Date.now();
    const caseResults = [];
    for (const kase of CASES) {
        const label = kase.label(kase.params);
        const perClient = {};
        const skip = {};
        for (const c of clients) perClient[c] = [];
        for (let r = 0; r < runs; r++) {
            // Every other round in reverse order, so no client always runs first (or right after another).
            for (const c of r % 2 ? [...clients].reverse() : clients) {
                if (skip[c]) continue;
                if (c === 'ours' && !oursAvailable) {
                    perClient[c].push({ client: c, workload: kase.workload, unavailable: true });
                    skip[c] = true;
                    continue;
                }
                const before = await serverStats(server);
                const res = await runClient(c, kase, server.port, certPath);
                const after = await serverStats(server);
                // server CPU over the whole client child (connect included): shows the server is not the bottleneck
                if (before && after) {
                    res.serverCpuMs = after.cpuMs - before.cpuMs;
                    res.serverTlsHandshakes = after.tlsHandshakes - before.tlsHandshakes;
                    res.serverHttpRequests = (after.csds + after.logins + after.refresh) - (before.csds + before.logins + before.refresh);
                }
                perClient[c].push(res);
                const brief = res.unavailable ? `n/a (${String(res.error || '').split('\n')[0]})` : res.error ? `ERROR ${String(res.error).split('\n')[0]}` :
                    `cpu ${fmtNum(res.cpuMs)} ms, wall ${fmtNum(res.wallMs)} ms${res.timedOut ? ' TIMED OUT' : ''}` +
                    (res.instructionsM !== undefined ? `, ${fmtNum(res.instructionsM)} M instructions (${fmtNum(res.compilerM)} M compiling)` : '') +
                    (res.heapPerAgentKB !== undefined ? `, heap/agent ${fmtNum(res.heapPerAgentKB)} KB, rss/agent ${fmtNum(res.rssPerAgentKB)} KB, errors ${res.errors}` : '') +
                    (res.check && res.check !== 'raw' ? `, ${res.check}` : '') +
                    (res.stats ? `, stats: sent ${res.stats.sent} answered ${res.stats.answered} timed out ${res.stats.timedOut} notifications ${res.stats.notifications} p50 ${res.stats.p50} ms` : '') +
                    (res.serverCpuMs !== undefined ? ` [server: cpu ${fmtNum(res.serverCpuMs)} ms, ${res.serverTlsHandshakes} TLS, ${res.serverHttpRequests} HTTP]` : '');
                console.log(`  [${kase.id} ${r + 1}/${runs}] ${pad(CLIENT_LABEL[c], 15)} ${brief}`);
                // a run that hit the deadline (or cannot load) will do so again: do not repeat it
                if (res.timedOut || res.unavailable) skip[c] = true;
            }
        }
        const summary = {};
        for (const c of clients) summary[c] = summarize(perClient[c]);
        caseResults.push({ id: kase.id, workload: kase.workload, label, params: kase.params, deadlineMs: kase.deadlineMs, summary, runs: perClient });
    }
    const stats = await serverStats(server);
    server.child.send({ cmd: 'exit' });
    cleanup();

    let fleet = null;
    if (!onlyWorkloads || onlyWorkloads.includes('fleet')) {
        const bots = sz(1000, 200);
        console.log(`  [fleet] ${bots} bot users over 4 worker processes on etcd (lease TTL 10 s) ...`);
        fleet = await runFleetBench({ bots, workers: 4, leaseTtl: 10 }).catch((e) => ({ error: String(e && e.stack || e) }));
        console.log(`  [fleet] ${JSON.stringify(fleet)}`);
    }
    machine.loadAvgAtEnd = os.loadavg().map((x) => Number(x.toFixed(2)));

    console.log('');
    if (caseResults.length) console.log(`median of ${runs} run(s); CPU = client process user+system; (Nx) = ratio to raw ws`);
    if (caseResults.length) printTable(caseResults);
    const derived = timeoutsAdd(caseResults);
    if (derived) {
        console.log(`\nwhat timing out adds (CPU ms, median of timeouts minus median of sends, ${derived.n} requests; (x) = share of the original's):`);
        console.log(clients.map((c) => `${CLIENT_LABEL[c]} ${fmtNum(derived.byClient[c])}` +
            (derived.byClient[c] !== undefined && derived.byClient.original > 0 ? ` (${(derived.byClient[c] / derived.byClient.original).toFixed(2)}x)` : '')).join(', '));
    }
    if (fleet) printFleet(fleet);
    if (caseResults.length) printBaseComparison(caseResults, 0.03);
    if (instructions) printInstructions(caseResults);
    console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const out = {
        mode: quick ? 'quick' : 'full',
        runsPerCell: runs,
        scale,
        machine,
        clients: clients.map((c) => ({ id: c, label: CLIENT_LABEL[c] })),
        base: clients.includes('base') ? { ref: baseRef, withoutHooks: Boolean(noHooksRef), dir: baseRef ? null : process.env.BENCH_BASE_DIR } : undefined,
        server: stats,
        cases: caseResults,
        timeoutsAdd: derived,
        fleet,
    };
    fs.mkdirSync(path.dirname(outPath), { recursive: true });
    fs.writeFileSync(outPath, JSON.stringify(out, null, 2) + '\n');
    console.log(`results written to ${path.relative(process.cwd(), outPath)}`);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});
