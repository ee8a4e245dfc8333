import { Etcd3 } from 'etcd3';
import { startEmulator, type Emulator } from 'node-agent-sdk/emulator';
import { place, type BotConfig, type EtcdFleetOptions } from 'node-agent-sdk/fleet';
import { describeWithEtcd, EtcdServer } from '../helpers/etcd';
import { until } from '../helpers/wait';
import { WorkerProcess } from './workers';

/**
 * One fleet of real worker processes on a real etcd against the emulator, taken through its
 * life in order: start, a fourth worker joining, kill -9 of a worker, etcd going away and coming
 * back, stop. The emulator counts sockets per bot user, so "never two sockets for one user" is
 * checked over the whole run (`maxOpen`), and "connected exactly once" per phase (`opened`).
 */

jest.setTimeout(60_000);

const TTL = 2;
const BOTS = 30;
const NAMESPACE = 'fleet-test/';

describeWithEtcd('a fleet of worker processes on etcd', () => {
  let etcd: EtcdServer;
  let emulator: Emulator;
  let bots: BotConfig[];
  let ids: string[];
  let etcdOptions: EtcdFleetOptions;
  const workers: WorkerProcess[] = [];

  const stats = () => emulator.stats().agents;
  const opened = () => Object.fromEntries(ids.map((id) => [id, stats()[id]?.opened ?? 0]));
  const live = () => workers.filter((w) => !w.killed);
  const everyBotOpenOnce = () => ids.every((id) => stats()[id]?.open === 1);
  /** Bots held per worker, from the workers themselves. */
  async function shares(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const w of live()) out[w.name] = (await w.status()).bots.map((b) => b.id);
    return out;
  }
  async function settledShares(): Promise<Record<string, string[]>> {
    for (;;) {
      const s = await shares();
      if (Object.values(s).flat().length === BOTS && everyBotOpenOnce()) return s;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  function expectNeverTwoSockets(): void {
    const doubled = ids.filter((id) => (stats()[id]?.maxOpen ?? 0) > 1);
    expect(doubled).toEqual([]);
  }

  beforeAll(async () => {
    etcd = await EtcdServer.start();
    emulator = await startEmulator();
    bots = [];
    for (let i = 0; i < BOTS; i++) {
      const username = `bot-${String(i).padStart(2, '0')}`;
      emulator.addAgent({ username, password: `pw-${i}` });
      bots.push(emulator.agentConfig(username));
    }
    ids = bots.map((b) => `${b.accountId}/${b.username}`);
    etcdOptions = { hosts: etcd.url, namespace: NAMESPACE, leaseTtl: TTL, settle: 1000, retryInterval: 250 };
  });

  afterAll(async () => {
    await Promise.all(live().map((w) => w.kill()));
    await emulator?.close();
    await etcd?.close();
  });

  it('3 workers, 30 bot users: each user connected exactly once, shares within ±1 of even', async () => {
    for (const name of ['worker-1', 'worker-2', 'worker-3']) workers.push(await WorkerProcess.spawn(name, { bots, etcd: etcdOptions }));
    await Promise.all(workers.map((w) => w.start()));
    const held = await settledShares();

    expect(Object.values(held).map((b) => b.length)).toEqual([10, 10, 10]);
    expect(Object.values(held).flat().sort()).toEqual([...ids].sort());
    expect(opened()).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    expectNeverTwoSockets();
    // Every worker placed the bots the same way: each holds exactly what rendezvous gives it.
    const target = place(ids, ['worker-1', 'worker-2', 'worker-3']);
    for (const [name, list] of Object.entries(held)) expect(list.sort()).toEqual(ids.filter((id) => target.get(id) === name).sort());
    const status = await workers[0].status();
    expect(status).toMatchObject({ workerId: 'worker-1', coordinator: 'etcd', state: 'active', members: ['worker-1', 'worker-2', 'worker-3'], configured: BOTS });
    expect(status.bots.every((b) => b.state === 'connected')).toBe(true);
  });

  it('a 4th worker joins: it takes its quarter by hand-off, no bot dropped twice, never two sockets', async () => {
    const before = await shares();
    emulator.resetStats();
    const fourth = await WorkerProcess.spawn('worker-4', { bots, etcd: etcdOptions });
    workers.push(fourth);
    await fourth.start();
    const after = await (async () => {
      for (;;) {
        const s = await settledShares();
        if (s['worker-4'].length >= 7) return s;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    expect(Object.values(after).map((b) => b.length).sort()).toEqual([7, 7, 8, 8]);
    const target = place(ids, ['worker-1', 'worker-2', 'worker-3', 'worker-4']);
    const moved = ids.filter((id) => !before[target.get(id) as string]?.includes(id));
    // Exactly the bots whose placement changed moved, each once: hand-off then one new socket.
    const reconnected = Object.entries(opened()).filter(([, n]) => n > 0).map(([id]) => id);
    expect(reconnected.sort()).toEqual(moved.sort());
    expect(Object.values(opened()).every((n) => n <= 1)).toBe(true);
    expect(after['worker-4'].every((id) => moved.includes(id))).toBe(true);
    expect(moved.length).toBeLessThanOrEqual(after['worker-4'].length + 3);
    const handedOff = workers.slice(0, 3).flatMap((w) => w.ids('released', 'handoff'));
    expect(handedOff.sort()).toEqual(moved.sort());
    expect(fourth.ids('acquired').sort()).toEqual(after['worker-4'].sort());
    expectNeverTwoSockets();
  });

  it('kill -9 of a worker: its bots run again on the survivors within TTL + 5 s, never two sockets', async () => {
    const victim = workers[1];
    const orphans = (await victim.status()).bots.map((b) => b.id);
    expect(orphans.length).toBeGreaterThan(0);
    emulator.resetStats();
    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    await until(() => orphans.every((id) => stats()[id]?.opened === 1 && stats()[id]?.open === 1));
    const takeoverMs = Date.now() - killedAt;

    expect(takeoverMs).toBeLessThan((TTL + 5) * 1000);
    const held = await settledShares();
    expect(Object.keys(held).sort()).toEqual(['worker-1', 'worker-3', 'worker-4']);
    expect(Object.values(held).map((b) => b.length)).toEqual([10, 10, 10]);
    expect(Object.values(opened()).every((n) => n <= 1)).toBe(true);
    expectNeverTwoSockets();
  });

  it('etcd gone for longer than the TTL: every worker disposes its agents; etcd back: every bot runs again exactly once', async () => {
    emulator.resetStats();
    const stoppedAt = Date.now();
    await etcd.pause('SIGKILL');
    await until(() => emulator.stats().open === 0);
    // Fenced before the lease could expire on the server (its last renewal was before the stop).
    expect(Date.now() - stoppedAt).toBeLessThan(TTL * 1000);
    for (const w of live()) expect(w.events.filter((e) => e.name === 'lost' && e.reason === 'fenced').length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, TTL * 1000 + 500 - (Date.now() - stoppedAt)));
    expect(emulator.stats().open).toBe(0);

    await etcd.resume();
    const held = await settledShares();
    expect(Object.values(held).map((b) => b.length)).toEqual([10, 10, 10]);
    expect(opened()).toEqual(Object.fromEntries(ids.map((id) => [id, 1])));
    expectNeverTwoSockets();
  });

  it('fleet.stop() on every worker: no socket and no key left', async () => {
    await Promise.all(live().map((w) => w.stop()));
    expect(emulator.stats().open).toBe(0);
    expectNeverTwoSockets();
    const client = new Etcd3({ hosts: etcd.url });
    try {
      expect(await client.getAll().prefix(NAMESPACE).keys()).toEqual([]);
    } finally {
      client.close();
    }
    for (const w of workers.slice(0)) if (w.name !== 'worker-2') expect(w.ids('released', 'stop').length).toBeGreaterThan(0);
  });
});
