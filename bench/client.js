'use strict';

// One client under test, one workload, one run. Spawned by run.js with an IPC channel and
// --expose-gc; the job comes in BENCH_JOB (JSON). Reports one result message and exits.
//
// CPU = process.cpuUsage() user+system, wall = hrtime, both from just before the workload
// to its end (connect excluded unless the workload is `agents`).

const fs = require('fs');
const path = require('path');
const RawClient = require('./lib/rawClient');

const job = JSON.parse(process.env.BENCH_JOB || '{}');
const { client, workload, port, params } = job;
const deadlineMs = job.deadlineMs || 60000;

function report(result) {
    const msg = Object.assign({ client, workload }, result);
    if (process.send) process.send(msg, () => process.exit(0));
    else {
        console.log(JSON.stringify(msg));
        process.exit(0);
    }
}

function fail(err) {
    report({ error: String((err && err.stack) || err) });
}

process.on('uncaughtException', fail);

function gc() {
    if (typeof global.gc === 'function') {
        global.gc();
        global.gc();
    }
}

function loadAgentClass() {
    if (client === 'raw') return null;
    const dirs = { ours: process.env.BENCH_OURS_DIR || path.join(__dirname, '..', 'dist'), base: process.env.BENCH_BASE_DIR };
    if (client === 'base' && !dirs.base) throw new Error('base: BENCH_BASE_DIR is not set');
    const mod = client === 'original' ? require('original-agent-sdk') : require(path.resolve(dirs[client]));
    if (typeof mod.Agent !== 'function') throw new Error(`${client}: module has no Agent export`);
    return mod.Agent;
}

let AgentClass;
try {
    AgentClass = loadAgentClass();
} catch (e) {
    report({ unavailable: true, error: String(e && e.message) });
    return;
}

// ---- measurement ---------------------------------------------------------------------------

let t0 = 0n;
let c0 = null;
let m0 = null;
// The main thread's time on a CPU, in ns, from the scheduler's per-thread counter (Linux only;
// null elsewhere). process.cpuUsage() counts every thread: V8 compiles and marks on helper
// threads, whose share varies with timing from run to run, while this is the event loop alone.
const MAIN_SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
function mainThreadNs() {
    try {
        return Number(fs.readFileSync(MAIN_SCHEDSTAT, 'utf8').split(' ')[0]);
    } catch {
        return null;
    }
}
function startClock() {
    m0 = mainThreadNs();
    c0 = process.cpuUsage();
    t0 = process.hrtime.bigint();
}
function readClock() {
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const c = process.cpuUsage(c0);
    const m1 = mainThreadNs();
    const mainMs = m0 !== null && m1 !== null ? (m1 - m0) / 1e6 : undefined;
    return { cpuMs: (c.user + c.system) / 1000, userMs: c.user / 1000, systemMs: c.system / 1000, mainMs, wallMs };
}

// The last agent connected: after the clock stops, its stats() (when it has them) are reported,
// to show the counters were on and counted the workload.
let statsSource = null;
function statsSummary() {
    if (!statsSource || typeof statsSource.stats !== 'function') return undefined;
    const s = statsSource.stats();
    const total = (field) => Object.values(s.requests).reduce((sum, c) => sum + c[field], 0);
    return {
        sent: total('sent'), answered: total('answered'), failed: total('failed'), timedOut: total('timedOut'),
        notifications: Object.values(s.notifications).reduce((a, b) => a + b, 0), p50: s.latency.p50, p99: s.latency.p99,
    };
}

let finished = false;
function finish(extra) {
    if (finished) return;
    finished = true;
    const clock = readClock();
    report(Object.assign(clock, extra, { stats: statsSummary() }));
}

// a bounded run: if the workload is not done by the deadline, report what we have
let progress = () => ({});
const deadline = setTimeout(() => {
    if (c0 === null) return fail(new Error(`no start within ${deadlineMs} ms (connect hang?)`));
    finish(Object.assign({ timedOut: true }, progress()));
}, deadlineMs);
deadline.unref();
// keep the process alive until finish even if the client under test unrefs everything
const keepAlive = setInterval(() => {}, 1 << 30);

// ---- clients ---------------------------------------------------------------------------------

function conf(mode, extra) {
    return Object.assign({
        accountId: '2344566',
        username: mode,
        password: 'bench-password',
        csdsDomain: `127.0.0.1:${port}`,
    }, extra || {});
}

// connect one client; cb(err, handle) where handle has getClock(body, cb) and on(type, fn)
function connectOne(mode, extra, cb) {
    if (client === 'raw') {
        const c = new RawClient(conf(mode, extra));
        c.connect((err) => cb(err, c));
        return c;
    }
    const agent = new AgentClass(conf(mode, extra));
    let done = false;
    agent.errors = 0;
    agent.lateErrors = 0;
    agent.on('error', (err) => {
        agent.errors++;
        if (done) agent.lateErrors++;
        if (!done) {
            done = true;
            cb(err || new Error('error event'), agent);
        }
    });
    agent.on('connected', () => {
        if (!done) {
            done = true;
            statsSource = agent;
            cb(null, agent);
        }
    });
    return agent;
}

// ---- workloads -------------------------------------------------------------------------------

// The push workloads: login as `<mode>-<n>`, count n notifications (`rawType` for the raw client,
// `sdkType` for the SDKs), then finish with `{done}` and what `result(firstBody, client)` checks.
function receiveNotifications(mode, rawType, sdkType, result) {
    const n = params.n;
    const type = client === 'raw' ? rawType : sdkType;
    connectOne(`${mode}-${n}`, {}, (err, c) => {
        if (err) return fail(err);
        let got = 0;
        let sample;
        progress = () => ({ done: got });
        c.on(type, (body) => {
            if (got === 0) sample = body;
            got++;
            if (got === n) finish(Object.assign({ done: got }, result(sample, c)));
        });
        gc();
        startClock();
        c.getClock({}, () => {}); // the trigger: the server pushes after answering it
    });
}

const workloads = {
    // Connect, then nothing: with --instructions, what a run costs before its workload starts.
    idle() {
        connectOne('normal', {}, (err) => {
            if (err) return fail(err);
            startClock();
            finish({ done: 0 });
        });
    },

    // 1) n getClock with callbacks, `window` in flight
    reqresp() {
        const n = params.n;
        const windowSize = params.window;
        connectOne('normal', {}, (err, c) => {
            if (err) return fail(err);
            // `window` requests in flight: each answer sends the next, until `count` are answered.
            const burst = (count, onDone) => {
                let sent = 0;
                let done = 0;
                let errors = 0;
                progress = () => ({ done, errors });
                const onResp = (e) => {
                    if (e) errors++;
                    done++;
                    if (sent < count) {
                        sent++;
                        c.getClock({}, onResp);
                    }
                    if (done === count) onDone({ done, errors });
                };
                const first = Math.min(windowSize, count);
                for (let i = 0; i < first; i++) {
                    sent++;
                    c.getClock({}, onResp);
                }
            };
            const measured = () => {
                gc();
                startClock();
                burst(n, finish);
            };
            // BENCH_WARMUP=N: N untimed requests first, so that the timed ones run on compiled code.
            const warmup = Number(process.env.BENCH_WARMUP || 0);
            if (warmup > 0) burst(warmup, () => setTimeout(measured, Number(process.env.BENCH_WARMUP_PAUSE || 0)));
            else measured();
        });
    },

    // 2) n raw .ams.ms.OnlineEventDistribution pushed; listener on ms.MessagingEventNotification
    notify() {
        receiveNotifications('oed', '.ams.ms.OnlineEventDistribution', 'ms.MessagingEventNotification', (sample) => ({
            check: client === 'raw' ? 'raw' : (Array.isArray(sample.changes) && typeof sample.changes[0].isMe === 'function' ? 'rewritten' : 'NOT rewritten'),
        }));
    },

    // 5) n ExConversationChange (50 participants, 5 dialogs); listener on cqm.ExConversationChangeNotification
    exconv() {
        receiveNotifications('exconv', '.ams.aam.ExConversationChangeNotification', 'cqm.ExConversationChangeNotification', (sample, c) => {
            let check = 'raw';
            if (client !== 'raw') {
                const d = sample.changes[0].result.conversationDetails;
                check = Array.isArray(d.participants) && d.participants.length === 50 && d.__myRole === 'ASSIGNED_AGENT' &&
                    !('participantsPId' in d) ? 'rewritten' : 'NOT rewritten';
            }
            return { check, errors: c.errors || 0 };
        });
    },

    // 3) n requests the server never answers; until every callback has had its timeout error
    timeouts() {
        const n = params.n;
        connectOne('silent', { requestTimeout: params.requestTimeout, errorCheckInterval: params.errorCheckInterval }, (err, c) => {
            if (err) return fail(err);
            let done = 0;
            let timeoutErrors = 0;
            let other = 0;
            progress = () => ({ done, timeoutErrors });
            const cb = (e) => {
                done++;
                if (e && /timed out/i.test(e.message)) timeoutErrors++;
                else other++;
                if (done === n) finish({ done, timeoutErrors, otherOutcomes: other });
            };
            gc();
            startClock();
            for (let i = 0; i < n; i++) c.getClock({}, cb);
        });
    },

    // 3b) the same n requests to the same silent socket, same options, the clock stopped once the
    // send loop is done, in the next setImmediate (before any timer can fire), after a minor GC:
    // the cost of sending them, including collecting what sending allocated (the `timeouts` run
    // pays that during its wait). run.js subtracts it from `timeouts`: what timing them out adds.
    sends() {
        const n = params.n;
        connectOne('silent', { requestTimeout: params.requestTimeout, errorCheckInterval: params.errorCheckInterval }, (err, c) => {
            if (err) return fail(err);
            progress = () => ({ done: n });
            gc();
            startClock();
            for (let i = 0; i < n; i++) c.getClock({}, () => {});
            setImmediate(() => {
                if (typeof global.gc === 'function') global.gc({ type: 'minor' });
                finish({ done: n });
            });
        });
    },

    // 4) `agents` agents connected in one process: time, CPU, heap and RSS per agent, errors
    agents() {
        const m = params.agents;
        gc();
        const base = process.memoryUsage();
        const handles = [];
        let connected = 0;
        let failed = 0;
        const firstErrors = [];
        progress = () => ({ connected, errors: failed });
        const settle = (err) => {
            if (err) {
                failed++;
                if (firstErrors.length < 3) firstErrors.push(String(err && err.message));
            } else connected++;
            if (connected + failed === m) {
                const clock = readClock();
                finished = true;
                // let pings/pongs and connect bookkeeping settle, then measure retained memory
                setTimeout(() => {
                    gc();
                    const mem = process.memoryUsage();
                    // BENCH_HEAP_SNAPSHOT=<dir>: also write what the connected agents hold (after measuring).
                    if (process.env.BENCH_HEAP_SNAPSHOT) {
                        require('v8').writeHeapSnapshot(path.join(process.env.BENCH_HEAP_SNAPSHOT, `agents-${client}-${m}-${process.pid}.heapsnapshot`));
                    }
                    let lateErrors = 0;
                    for (const h of handles) lateErrors += h.lateErrors || 0;
                    report(Object.assign(clock, {
                        connected,
                        errors: failed,
                        lateErrors,
                        firstErrors,
                        heapPerAgentKB: (mem.heapUsed - base.heapUsed) / m / 1024,
                        rssPerAgentKB: (mem.rss - base.rss) / m / 1024,
                        heapUsedMB: mem.heapUsed / 1048576,
                        rssMB: mem.rss / 1048576,
                    }));
                }, 500);
            }
        };
        startClock();
        for (let i = 0; i < m; i++) handles.push(connectOne('normal', {}, settle));
    },
};

if (!workloads[workload]) fail(new Error(`unknown workload ${workload}`));
else {
    try {
        workloads[workload]();
    } catch (e) {
        fail(e);
    }
}
void keepAlive;
