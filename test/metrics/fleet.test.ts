import { startEmulator, type Emulator } from 'node-agent-sdk/emulator';
import { AgentFleet, type AgentFleetOptions, type BotConfig } from 'node-agent-sdk/fleet';
import { AgentMetrics } from 'node-agent-sdk/metrics';
import { describeWithEtcd, EtcdServer } from '../helpers/etcd';
import { until } from '../helpers/wait';
import { samples } from '../helpers/prometheus';

/** The metrics adapter on a real AgentFleet: the local coordinator on the emulator, and etcd. */

jest.setTimeout(30_000);

const fleetLines = (all: Record<string, number>) => Object.entries(all).filter(([name]) => name.startsWith('lp_fleet_'));
/** A new scrape: the adapter keeps one snapshot per event-loop turn. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

let emulator: Emulator;
let bots: BotConfig[];
const fleets: AgentFleet[] = [];

beforeEach(async () => {
  emulator = await startEmulator();
  bots = [];
  for (let i = 0; i < 3; i++) {
    emulator.addAgent({ username: `bot-${i}`, password: `pw-${i}` });
    bots.push(emulator.agentConfig(`bot-${i}`));
  }
});

afterEach(async () => {
  await Promise.all(fleets.splice(0).map((f) => f.stop()));
  await emulator.close();
});

function fleetOf(options: AgentFleetOptions): AgentFleet {
  const fleet = new AgentFleet(options);
  fleets.push(fleet);
  return fleet;
}

const idOf = (b: BotConfig) => `${b.accountId}/${b.username}`;

describe('AgentMetrics.addFleet(AgentFleet) with the local coordinator', () => {
  it('bots held, acquired, hand-offs after stop(), and every bot’s agent labelled with its bot id', async () => {
    const fleet = fleetOf({ bots, workerId: 'here' });
    const metrics = new AgentMetrics().addFleet(fleet);
    await fleet.start();
    await until(() => fleet.status().bots.every((b) => b.state === 'connected'));

    let all = samples(await metrics.metrics());
    expect(fleetLines(all)).toEqual([
      ['lp_fleet_bots_held{fleet="here"}', 3],
      ['lp_fleet_members{fleet="here"}', 1],
      ['lp_fleet_acquired_total{fleet="here"}', 3],
      ['lp_fleet_handoffs_total{fleet="here"}', 0],
      ['lp_fleet_lost_total{fleet="here"}', 0],
      ['lp_fleet_lease_renewals_total{fleet="here"}', 0],
    ]);
    const account = bots[0].accountId;
    for (const b of bots) {
      expect(all[`lp_agent_connected{account="${account}",agent="${idOf(b)}"}`]).toBe(1);
      expect(all[`lp_agent_socket_opens_total{account="${account}",agent="${idOf(b)}"}`]).toBe(1);
    }
    expect(Object.keys(all).filter((k) => k.startsWith('lp_agent_connected{'))).toHaveLength(3);

    await fleet.stop();
    await nextTurn();
    all = samples(await metrics.metrics());
    expect(fleetLines(all)).toEqual([
      ['lp_fleet_bots_held{fleet="here"}', 0],
      ['lp_fleet_members{fleet="here"}', 0],
      ['lp_fleet_acquired_total{fleet="here"}', 3],
      ['lp_fleet_handoffs_total{fleet="here"}', 3],
      ['lp_fleet_lost_total{fleet="here"}', 0],
      ['lp_fleet_lease_renewals_total{fleet="here"}', 0],
    ]);
    // The disposed agents are no longer measured.
    expect(Object.keys(all).filter((k) => k.startsWith('lp_agent_'))).toEqual([]);
  });

  it('a fleet added after start(): bots held comes from status().bots, not from events it never heard', async () => {
    const fleet = fleetOf({ bots, workerId: 'late' });
    await fleet.start();
    const metrics = new AgentMetrics().addFleet(fleet, { name: 'eu' });
    const all = samples(await metrics.metrics());
    expect(all['lp_fleet_bots_held{fleet="eu"}']).toBe(3);
    expect(all['lp_fleet_acquired_total{fleet="eu"}']).toBe(0);
  });
});

describeWithEtcd('AgentMetrics.addFleet(AgentFleet) with the etcd coordinator', () => {
  let etcd: EtcdServer;

  beforeAll(async () => {
    etcd = await EtcdServer.start();
  });

  afterAll(async () => {
    await etcd?.close();
  });

  it('status().leaseRenewals grows while the worker holds its lease, and lp_fleet_lease_renewals_total shows it', async () => {
    const fleet = fleetOf({ bots: bots.slice(0, 1), workerId: 'w1', etcd: { hosts: etcd.url, namespace: 'metrics-fleet/', leaseTtl: 2, settle: 0, retryInterval: 100 } });
    const metrics = new AgentMetrics().addFleet(fleet);
    expect(fleet.status().leaseRenewals).toBe(0);
    await fleet.start();
    await until(() => fleet.status().bots.length === 1);
    await until(() => fleet.status().leaseRenewals >= 2);

    const before = fleet.status().leaseRenewals;
    const first = samples(await metrics.metrics());
    const after = fleet.status().leaseRenewals;
    const scraped = first['lp_fleet_lease_renewals_total{fleet="w1"}'];
    expect(scraped).toBeGreaterThanOrEqual(before);
    expect(scraped).toBeLessThanOrEqual(after);
    expect(first['lp_fleet_bots_held{fleet="w1"}']).toBe(1);
    expect(first['lp_fleet_members{fleet="w1"}']).toBe(1);
    expect(first['lp_fleet_acquired_total{fleet="w1"}']).toBe(1);

    // Renewals keep coming (every 500 ms with a 2 s TTL): the counter follows.
    await until(() => fleet.status().leaseRenewals >= scraped + 2);
    await nextTurn();
    const second = samples(await metrics.metrics());
    expect(second['lp_fleet_lease_renewals_total{fleet="w1"}']).toBeGreaterThanOrEqual(scraped + 2);

    await fleet.stop();
    await nextTurn();
    const stopped = samples(await metrics.metrics());
    expect(stopped['lp_fleet_handoffs_total{fleet="w1"}']).toBe(1);
    expect(stopped['lp_fleet_bots_held{fleet="w1"}']).toBe(0);
    // A stopped worker renews nothing more, and the count is not reset.
    const final = fleet.status().leaseRenewals;
    expect(final).toBeGreaterThanOrEqual(scraped + 2);
    expect(stopped['lp_fleet_lease_renewals_total{fleet="w1"}']).toBe(final);
  });
});
