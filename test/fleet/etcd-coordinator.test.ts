import { Etcd3 } from 'etcd3';
import { EtcdCoordinator, type OwnershipHandler } from 'node-agent-sdk/fleet';
import { describeWithEtcd, EtcdServer } from '../helpers/etcd';
import { until } from '../helpers/wait';

/**
 * The etcd coordinator in this process against a real etcd, with a recording handler instead of
 * agents: what happens when someone else touches its keys, and when two workers share an id.
 */

jest.setTimeout(30_000);

type Call = [string, string?, string?];

function recorder(): OwnershipHandler & { calls: Call[]; held: Set<string> } {
  const calls: Call[] = [];
  const held = new Set<string>();
  return {
    calls,
    held,
    acquire: (id) => {
      held.add(id);
      calls.push(['acquire', id]);
    },
    release: (id, reason) => {
      held.delete(id);
      calls.push(['release', id, reason]);
    },
    lose: (id, reason) => {
      held.delete(id);
      calls.push(['lose', id, reason]);
    },
    error: (err, id) => calls.push(['error', id, err.message]),
  };
}

describeWithEtcd('EtcdCoordinator against a real etcd', () => {
  let etcd: EtcdServer;
  let client: Etcd3;
  let namespace: string;
  let n = 0;
  const coordinators: EtcdCoordinator[] = [];

  beforeAll(async () => {
    etcd = await EtcdServer.start();
    client = new Etcd3({ hosts: etcd.url });
  });

  afterAll(async () => {
    client?.close();
    await etcd?.close();
  });

  beforeEach(() => {
    namespace = `coord-${++n}/`;
  });

  afterEach(async () => {
    await Promise.all(coordinators.splice(0).map((c) => c.stop()));
  });

  function coordinator(workerId: string): EtcdCoordinator {
    const c = new EtcdCoordinator({ hosts: etcd.url, namespace, leaseTtl: 2, settle: 0, retryInterval: 100, resyncInterval: 60_000 }, workerId);
    coordinators.push(c);
    return c;
  }

  const keys = () => client.getAll().prefix(namespace).keys();

  it('one worker takes every bot: a member key and an owner key per bot, bound to one lease', async () => {
    const h = recorder();
    const c = coordinator('w1');
    await c.start(['a', 'b', 'c'], h);
    await until(() => h.held.size === 3);
    expect((await keys()).sort()).toEqual([`${namespace}members/w1`, `${namespace}owners/a`, `${namespace}owners/b`, `${namespace}owners/c`]);
    const leases = new Set((await client.getAll().prefix(namespace).exec()).kvs.map((kv) => kv.lease));
    expect(leases.size).toBe(1);
    expect(await client.get(`${namespace}owners/a`).string()).toBe('w1');
    expect({ state: c.state(), members: c.members() }).toEqual({ state: 'active', members: ['w1'] });

    await c.stop();
    expect(h.calls.filter(([what]) => what === 'release').map(([, id, reason]) => `${id} ${reason}`).sort()).toEqual(['a stop', 'b stop', 'c stop']);
    expect(await keys()).toEqual([]);
    expect(c.state()).toBe('stopped');
  });

  it("an owner key deleted by someone else: the bot is lost (key-lost), then taken again", async () => {
    const h = recorder();
    await coordinator('w1').start(['a', 'b'], h);
    await until(() => h.held.size === 2);
    await client.delete().key(`${namespace}owners/a`);
    await until(() => h.calls.some(([what, id]) => what === 'lose' && id === 'a'));
    expect(h.calls.find(([what, id]) => what === 'lose' && id === 'a')).toEqual(['lose', 'a', 'key-lost']);
    await until(() => h.held.has('a'));
    expect(h.calls.filter(([what, id]) => what === 'acquire' && id === 'a')).toHaveLength(2);
    expect(h.calls.filter(([, id]) => id === 'b')).toEqual([['acquire', 'b']]);
  });

  it('the lease revoked by someone else: every bot lost (lease-lost or key-lost), then a new lease and every bot again', async () => {
    const h = recorder();
    await coordinator('w1').start(['a', 'b'], h);
    await until(() => h.held.size === 2);
    const lease = (await client.getAll().prefix(namespace).exec()).kvs[0].lease;
    await client.leaseClient.leaseRevoke({ ID: lease });
    await until(() => h.calls.filter(([what]) => what === 'lose').length === 2);
    await until(() => h.held.size === 2);
    const newLease = (await client.getAll().prefix(namespace).exec()).kvs[0].lease;
    expect(newLease).not.toBe(lease);
    const lost = h.calls.filter(([what]) => what === 'lose').map(([, , reason]) => reason);
    expect(lost.every((r) => r === 'lease-lost' || r === 'key-lost')).toBe(true);
  });

  it('a second live worker with the same id waits (error) until the first is gone', async () => {
    const first = recorder();
    const second = recorder();
    const c1 = coordinator('same');
    await c1.start(['a'], first);
    await until(() => first.held.size === 1);
    let joined = false;
    const c2 = coordinator('same');
    void c2.start(['a'], second).then(() => (joined = true));
    await until(() => second.calls.some(([what]) => what === 'error'));
    expect(second.calls[0]).toEqual(['error', undefined, 'worker id same is already a member (a worker with this id whose lease has not expired yet); retrying']);
    expect(joined).toBe(false);
    expect(c2.state()).toBe('joining');

    await c1.stop();
    await until(() => joined && second.held.size === 1);
    expect(second.calls.filter(([what]) => what === 'acquire')).toEqual([['acquire', 'a']]);
  });

  it('two workers: each takes its rendezvous share; one stops and the other takes the rest', async () => {
    const h1 = recorder();
    const h2 = recorder();
    const bots = ['a', 'b', 'c', 'd', 'e', 'f'];
    const c1 = coordinator('w1');
    const c2 = coordinator('w2');
    await Promise.all([c1.start(bots, h1), c2.start(bots, h2)]);
    await until(() => h1.held.size + h2.held.size === 6 && h1.held.size === 3);
    expect([...h1.held, ...h2.held].sort()).toEqual(bots);
    await c2.stop();
    await until(() => h1.held.size === 6);
    expect(c1.members()).toEqual(['w1']);
  });

  it('a handler that throws while the worker is fenced: every bot is still lost', async () => {
    const h = recorder();
    const lose = h.lose;
    h.lose = (id, reason) => {
      lose(id, reason);
      throw new Error(`handler bug on ${id}`);
    };
    const c = coordinator('w1');
    await c.start(['a', 'b', 'c'], h);
    await until(() => h.held.size === 3);
    await etcd.pause('SIGKILL');
    try {
      await until(() => h.held.size === 0);
      expect(h.calls.filter(([what]) => what === 'lose').map(([, id, reason]) => `${id} ${reason}`).sort()).toEqual(['a fenced', 'b fenced', 'c fenced']);
      expect(h.calls.filter(([what, , message]) => what === 'error' && message?.startsWith('handler bug on ')).length).toBe(3);
    } finally {
      await etcd.resume();
    }
  });

  it('etcd unreachable: fenced within the renewal deadline, state fenced, no members; back: rejoined, renewals counted on', async () => {
    const h = recorder();
    let renewalsWhenFenced = 0;
    const c = coordinator('w1');
    await c.start(['a'], h);
    await until(() => h.held.size === 1 && c.leaseRenewals() >= 1);
    const stoppedAt = Date.now();
    await etcd.pause('SIGKILL');
    try {
      await until(() => h.held.size === 0);
      // The default deadline is 2/3 of the 2 s TTL, counted from the last renewal (before the stop).
      expect(Date.now() - stoppedAt).toBeLessThan(2000);
      expect(h.calls.find(([what]) => what === 'lose')).toEqual(['lose', 'a', 'fenced']);
      expect({ state: c.state(), members: c.members() }).toEqual({ state: 'fenced', members: [] });
      renewalsWhenFenced = c.leaseRenewals();
      expect(renewalsWhenFenced).toBeGreaterThanOrEqual(1);
      expect(h.calls.some(([what, , message]) => what === 'error' && /lease not renewed within 1333 ms: all agents disposed; rejoining/.test(message ?? ''))).toBe(true);
    } finally {
      await etcd.resume();
    }
    await until(() => h.held.size === 1 && c.state() === 'active');
    expect(h.calls.filter(([what]) => what === 'acquire')).toEqual([['acquire', 'a'], ['acquire', 'a']]);
    // The new lease's renewals add to the old one's.
    await until(() => c.leaseRenewals() > renewalsWhenFenced);
  });
});
