'use strict';

// Fleet benchmark: N bot users over W worker processes (the `node-agent-sdk-fleet` command from
// dist/) on a real etcd, against the emulator (from dist/) in this process. Measures the time
// until every bot user is connected, the takeover time after `kill -9` of one worker, and the
// etcd requests per second at steady state (from etcd's own /metrics). Needs etcd on PATH.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { Etcd3 } = require('etcd3');
// The etcd launcher is shared with the tests and the cluster example (TypeScript, loaded through tsx).
const { EtcdServer, etcdBinary, ETCD_INSTALL } = require('tsx/cjs/api').require('../examples/cluster/etcd-server.ts', __filename);

const DIST = path.join(__dirname, '..', 'dist');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(condition, deadlineMs, what) {
    const end = Date.now() + deadlineMs;
    while (!condition()) {
        if (Date.now() > end) throw new Error(`fleet bench: ${what} did not happen within ${deadlineMs} ms`);
        await sleep(20);
    }
}

function spawnWorker(name, args) {
    const child = spawn(process.execPath, [path.join(DIST, 'fleet', 'cli.js'), ...args, '--worker-id', name], { stdio: ['ignore', 'pipe', 'pipe'] });
    const worker = { name, child, bots: new Set(), errors: 0, errorSamples: new Set(), exited: new Promise((resolve) => child.once('exit', resolve)) };
    let buffered = '';
    child.stdout.on('data', (d) => {
        const lines = (buffered + d).split('\n');
        buffered = lines.pop();
        for (const line of lines) {
            const [, , what, id] = line.split(' ');
            if (what === 'acquired') worker.bots.add(id);
            else if (what === 'released' || what === 'lost') worker.bots.delete(id);
            else if (what === 'error' || what === 'error:') {
                worker.errors++;
                // The message without bot ids and numbers, to group them.
                if (worker.errorSamples.size < 5) worker.errorSamples.add(line.split(' ').slice(2).join(' ').replace(/\d+(\.\d+)?/g, 'N'));
            }
        }
    });
    child.stderr.resume();
    return worker;
}

/**
 * options: bots (1000), workers (4), leaseTtl (s, 10), steadyMs (window for req/s, 10000).
 * Resolves with the figures; throws when etcd is missing or dist/ is not built.
 */
async function runFleetBench(options = {}) {
    const bots = options.bots || 1000;
    const workers = options.workers || 4;
    const leaseTtl = options.leaseTtl || 10;
    const steadyMs = options.steadyMs || 10000;
    if (!etcdBinary()) return { skipped: `etcd is not installed (${ETCD_INSTALL})` };
    if (!fs.existsSync(path.join(DIST, 'fleet', 'cli.js'))) return { skipped: 'dist/fleet/cli.js not found (npm run build)' };
    const { startEmulator } = require(path.join(DIST, 'emulator'));

    const etcd = await EtcdServer.start();
    const emulator = await startEmulator();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-bench-'));
    const running = [];
    let expiry = null; // { client, watch }: cancelled in finally, else it keeps reconnecting (and this process alive)
    try {
        const confs = [];
        for (let i = 0; i < bots; i++) {
            const username = `fleet-bot-${i}`;
            emulator.addAgent({ username, password: `pw-${i}` });
            confs.push(emulator.agentConfig(username));
        }
        const ids = confs.map((c) => `${c.accountId}/${c.username}`);
        const botsFile = path.join(dir, 'bots.json');
        fs.writeFileSync(botsFile, JSON.stringify(confs));
        const stats = () => emulator.stats().agents;
        const args = ['--bots', botsFile, '--etcd', etcd.url, '--lease-ttl', String(leaseTtl), '--namespace', 'bench/'];

        const t0 = Date.now();
        for (let w = 0; w < workers; w++) running.push(spawnWorker(`bench-worker-${w + 1}`, args));
        await until(() => emulator.stats().open === bots && running.reduce((n, w) => n + w.bots.size, 0) === bots, 120000, 'all bots connected');
        const allConnectedMs = Date.now() - t0;
        const shares = running.map((w) => w.bots.size);

        await sleep(2000); // let the last acquisitions' watch events and reconciles pass
        const r0 = await etcd.requestCount();
        const s0 = Date.now();
        await sleep(steadyMs);
        const requests = (await etcd.requestCount()) - r0;
        const etcdReqPerSec = requests / ((Date.now() - s0) / 1000);

        const victim = running[0];
        const orphans = [...victim.bots];
        // When etcd expires the dead worker's lease (its member key goes with it): splits the takeover.
        const client = new Etcd3({ hosts: etcd.url });
        expiry = { client, watch: await client.watch().key(`bench/members/${victim.name}`).create() };
        let expiredAt = null;
        expiry.watch.on('delete', () => (expiredAt = expiredAt || Date.now()));
        emulator.resetStats();
        const k0 = Date.now();
        victim.child.kill('SIGKILL');
        await victim.exited;
        await until(() => orphans.every((id) => stats()[id] && stats()[id].open === 1), 120000, 'takeover');
        const takeoverMs = Date.now() - k0;
        const leaseExpiredAfterMs = expiredAt && expiredAt - k0;

        const maxOpen = Math.max(...ids.map((id) => (stats()[id] ? stats()[id].maxOpen : 0)));
        const st0 = Date.now();
        for (const w of running.slice(1)) w.child.kill('SIGTERM');
        await Promise.all(running.slice(1).map((w) => w.exited));
        // The workers have exited; this process may still be reading their sockets' closes.
        await until(() => emulator.stats().open === 0, 10000, 'every socket closed after stop').catch(() => undefined);
        const stopMs = Date.now() - st0;
        return {
            bots, workers, leaseTtl, allConnectedMs, shares, steadyWindowMs: steadyMs, etcdRequests: requests,
            etcdReqPerSec, takeoverMs, leaseExpiredAfterMs, takenOver: orphans.length, maxConcurrentSocketsPerUser: maxOpen,
            socketsLeftAfterStop: emulator.stats().open, stopMs, workerErrors: running.reduce((n, w) => n + w.errors, 0),
            workerErrorKinds: [...new Set(running.flatMap((w) => [...w.errorSamples]))],
        };
    } finally {
        if (expiry) {
            await expiry.watch.cancel().catch(() => undefined);
            expiry.client.close();
        }
        for (const w of running) w.child.kill('SIGKILL');
        await Promise.all(running.map((w) => w.exited));
        await emulator.close();
        await etcd.close();
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

module.exports = { runFleetBench };

if (require.main === module) {
    runFleetBench({ bots: Number(process.argv[2]) || undefined, leaseTtl: Number(process.argv[3]) || undefined }).then(
        (r) => console.log(JSON.stringify(r, null, 2)),
        (e) => {
            console.error(e);
            process.exit(1);
        },
    );
}
