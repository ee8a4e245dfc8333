import { EventEmitter } from 'events';
import { Registry } from 'prom-client';
import { AgentMetrics, AGENT_METRICS, FLEET_METRICS, type FleetStatusLike } from 'node-agent-sdk/metrics';
import type { AgentStats } from 'node-agent-sdk';
import { fakeLPSuite } from '../helpers/suite';
import { callback } from '../helpers/resilience';
import { sync } from '../helpers/wait';
import { ACCOUNT } from '../helpers/fake-lp';
import { samples } from '../helpers/prometheus';

const suite = fakeLPSuite();

/** The `# TYPE` lines: metric name → counter or gauge. */
function types(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
}

const EMPTY_STATS: AgentStats = {
  requests: {},
  pending: 0,
  notifications: {},
  errors: {},
  connection: { connected: false, opens: 0, connectedMs: 0, connectedSince: null },
  reconnects: { attempts: 0, succeeded: 0, causes: {} },
  latency: { samples: 0, windowMs: 60000, p50: null, p90: null, p99: null },
};

class FakeFleet extends EventEmitter {
  current: FleetStatusLike = { workerId: 'worker-1' };
  status(): FleetStatusLike {
    return this.current;
  }
}

describe('AgentMetrics', () => {
  it('exposes one agent’s counters under the documented names and kinds', async () => {
    const { agent } = await suite.connected();
    await callback((cb) => agent.getClock({}, cb));
    await callback((cb) => agent.getClock({}, cb));
    suite.lp.notify('custom.Thing', {});
    await sync(suite.lp, agent);
    const metrics = new AgentMetrics().add(agent);
    const text = await metrics.metrics();

    expect(types(text)).toEqual(Object.fromEntries([...AGENT_METRICS, ...FLEET_METRICS].map((m) => [`lp_${m.name}`, m.kind])));
    const labels = `account="${ACCOUNT}",agent="bot"`;
    const all = samples(text);
    // sync() adds a marker notification of its own.
    const markers = Object.keys(all).filter((key) => key.includes('type="test.sync.'));
    expect(markers).toHaveLength(1);
    delete all[markers[0]];
    expect(all).toEqual({
      [`lp_agent_requests_sent_total{${labels},type="getClock"}`]: 2,
      [`lp_agent_requests_answered_total{${labels},type="getClock"}`]: 2,
      [`lp_agent_requests_failed_total{${labels},type="getClock"}`]: 0,
      [`lp_agent_requests_timed_out_total{${labels},type="getClock"}`]: 0,
      [`lp_agent_requests_pending{${labels}}`]: 0,
      [`lp_agent_notifications_total{${labels},type="custom.Thing"}`]: 1,
      [`lp_agent_connected{${labels}}`]: 1,
      [`lp_agent_connected_seconds_total{${labels}}`]: expect.any(Number),
      [`lp_agent_socket_opens_total{${labels}}`]: 1,
      [`lp_agent_reconnects_total{${labels}}`]: 0,
      [`lp_agent_request_latency_seconds{${labels},quantile="0.5"}`]: expect.any(Number),
      [`lp_agent_request_latency_seconds{${labels},quantile="0.9"}`]: expect.any(Number),
      [`lp_agent_request_latency_seconds{${labels},quantile="0.99"}`]: expect.any(Number),
      [`lp_agent_request_latency_samples{${labels}}`]: 2,
    });
    expect(metrics.contentType).toMatch(/^text\/plain/);
  });

  it('labels many agents apart, and forgets a removed one', async () => {
    const one = { accountId: '1', conf: { username: 'alice' }, stats: () => ({ ...EMPTY_STATS, pending: 3 }) };
    const two = { accountId: '1', agentId: 'pid-2', stats: () => ({ ...EMPTY_STATS, pending: 4 }) };
    const three = { stats: () => ({ ...EMPTY_STATS, pending: 5 }) };
    const metrics = new AgentMetrics().add(one).add(two).add(three, { name: 'carol' });
    const pending = async () => Object.entries(samples(await metrics.metrics())).filter(([k]) => k.startsWith('lp_agent_requests_pending'));
    expect(await pending()).toEqual([
      ['lp_agent_requests_pending{account="1",agent="alice"}', 3],
      ['lp_agent_requests_pending{account="1",agent="pid-2"}', 4],
      ['lp_agent_requests_pending{account="",agent="carol"}', 5],
    ]);
    metrics.remove(two);
    expect((await pending()).map(([k]) => k)).toEqual(['lp_agent_requests_pending{account="1",agent="alice"}', 'lp_agent_requests_pending{account="",agent="carol"}']);
  });

  it('reads each agent’s stats once per scrape, whatever the number of metrics', async () => {
    const source = { accountId: '1', stats: jest.fn(() => EMPTY_STATS) };
    const metrics = new AgentMetrics().add(source, { name: 'a' });
    await metrics.metrics();
    expect(source.stats).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setImmediate(resolve));
    await metrics.metrics();
    expect(source.stats).toHaveBeenCalledTimes(2);
  });

  it('counts a fleet from its events and status, and measures the agents it hands over', async () => {
    const fleet = new FakeFleet();
    const bot1 = { accountId: '1', stats: () => ({ ...EMPTY_STATS, pending: 7 }) };
    const metrics = new AgentMetrics().addFleet(fleet);
    fleet.emit('acquired', 'bot-1', bot1);
    fleet.emit('acquired', 'bot-2');
    fleet.emit('acquired', 'bot-3');
    fleet.emit('renewed');
    fleet.emit('renewed');
    let all = samples(await metrics.metrics());
    expect(all['lp_agent_requests_pending{account="1",agent="bot-1"}']).toBe(7);
    expect(Object.entries(all).filter(([k]) => k.startsWith('lp_fleet_'))).toEqual([
      ['lp_fleet_bots_held{fleet="worker-1"}', 3],
      ['lp_fleet_acquired_total{fleet="worker-1"}', 3],
      ['lp_fleet_handoffs_total{fleet="worker-1"}', 0],
      ['lp_fleet_lost_total{fleet="worker-1"}', 0],
      ['lp_fleet_lease_renewals_total{fleet="worker-1"}', 2],
    ]);

    fleet.emit('released', 'bot-1');
    fleet.emit('lost', 'bot-2');
    await new Promise((resolve) => setImmediate(resolve));
    all = samples(await metrics.metrics());
    expect(Object.keys(all).filter((k) => k.includes('bot-1'))).toEqual([]);
    expect(all['lp_fleet_bots_held{fleet="worker-1"}']).toBe(1);
    expect(all['lp_fleet_handoffs_total{fleet="worker-1"}']).toBe(1);
    expect(all['lp_fleet_lost_total{fleet="worker-1"}']).toBe(1);

    // What the fleet's status says wins over what the events counted.
    fleet.current = { workerId: 'worker-1', held: ['a', 'b'], members: 4, leaseRenewals: 40 };
    await new Promise((resolve) => setImmediate(resolve));
    all = samples(await metrics.metrics());
    expect(all['lp_fleet_bots_held{fleet="worker-1"}']).toBe(2);
    expect(all['lp_fleet_members{fleet="worker-1"}']).toBe(4);
    expect(all['lp_fleet_lease_renewals_total{fleet="worker-1"}']).toBe(40);
  });

  it('stops listening to a removed fleet', () => {
    const fleet = new FakeFleet();
    const metrics = new AgentMetrics().addFleet(fleet, { name: 'eu' });
    expect(fleet.listenerCount('acquired')).toBe(1);
    metrics.removeFleet(fleet);
    expect(['acquired', 'released', 'lost', 'renewed'].map((e) => fleet.listenerCount(e))).toEqual([0, 0, 0, 0]);
  });

  it('registers in a given registry with a given prefix', async () => {
    const registry = new Registry();
    const metrics = new AgentMetrics({ registry, prefix: 'bots_' }).add({ stats: () => EMPTY_STATS }, { name: 'x' });
    expect(metrics.registry).toBe(registry);
    expect(Object.keys(samples(await registry.metrics()))).toContain('bots_agent_requests_pending{account="",agent="x"}');
  });

  it.each([
    [() => new AgentMetrics().add({} as any), 'add() takes an agent: an object with a stats() method'],
    [() => new AgentMetrics().addFleet({ status: () => ({}) } as any), 'addFleet() takes a fleet: an object with status() and on()'],
    [() => new AgentMetrics({ prefix: 'bad-prefix' }), 'prefix must be a valid Prometheus metric name start (got "bad-prefix")'],
  ])('rejects bad input with a clear error (%#)', (make, message) => {
    expect(make).toThrow(new TypeError(message));
  });
});

describe('without prom-client', () => {
  it('fails on import with an error that says what to install', () => {
    jest.isolateModules(() => {
      jest.doMock('prom-client', () => {
        throw Object.assign(new Error("Cannot find module 'prom-client' from 'src/metrics/index.ts'"), { code: 'MODULE_NOT_FOUND' });
      });
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- a fresh load of the module, with prom-client missing
      expect(() => require('node-agent-sdk/metrics')).toThrow(
        new Error('node-agent-sdk/metrics needs prom-client, an optional peer dependency of node-agent-sdk: run `npm install prom-client`'),
      );
    });
    jest.dontMock('prom-client');
  });
});
