/**
 * `node-agent-sdk/metrics`: agent and fleet counters as Prometheus metrics, on `prom-client`
 * (an optional peer dependency: install it to use this module).
 */
import type * as PromClient from 'prom-client';
import type { AgentStats } from '../observe/stats';
import { AGENT_METRICS, FLEET_METRICS } from './table';
import type { FleetStatusLike, FleetView, MetricSpec, Sample } from './table';

export { AGENT_METRICS, FLEET_METRICS } from './table';
export type { FleetStatusLike, FleetView, MetricSpec } from './table';

function loadPromClient(): typeof PromClient {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('prom-client');
  } catch (err) {
    if ((err as NodeJS.ErrnoException)?.code === 'MODULE_NOT_FOUND' && String((err as Error).message).includes("'prom-client'")) {
      throw new Error('node-agent-sdk/metrics needs prom-client, an optional peer dependency of node-agent-sdk: run `npm install prom-client`');
    }
    throw err;
  }
}

const prom = loadPromClient();

/** What the metrics read from an agent: an `Agent` fits. */
export interface StatsSource {
  stats(): AgentStats;
  accountId?: string;
  agentId?: string;
  conf?: { username?: unknown; userId?: unknown };
}

/**
 * A fleet, structurally: `status()`, and events `acquired`, `released` (a hand-off) and `lost`,
 * each with the bot id and, for `acquired`, optionally the bot's agent; an optional `renewed`
 * event per lease renewal. An agent given with `acquired` is measured like an added agent
 * (labelled with the bot id) until `released` or `lost`. `AgentFleet` (`node-agent-sdk/fleet`)
 * fits as it is: bots held come from `status().bots`, renewals from `status().leaseRenewals`.
 * The adapter imports no fleet code, so any fleet with this shape can be measured.
 */
export interface FleetSource {
  status(): FleetStatusLike;
  on(event: 'acquired' | 'released' | 'lost' | 'renewed', listener: (botId: string, agent?: unknown) => void): unknown;
  off?(event: string, listener: (...args: any[]) => void): unknown;
  removeListener?(event: string, listener: (...args: any[]) => void): unknown;
}

export interface MetricsOptions {
  /** The registry to register in. Default: a new one, as `metrics.registry`. */
  registry?: PromClient.Registry;
  /** Put before every metric name. Default `lp_`, giving `lp_agent_…` and `lp_fleet_…`. */
  prefix?: string;
}

interface FleetWatch {
  name: string | undefined;
  counts: Omit<FleetView, 'status' | 'heldByEvents'>;
  held: Set<string>;
  /** Agents the fleet handed over with `acquired`, by bot id. */
  agents: Map<string, StatsSource>;
  listeners: Array<[string, (...args: any[]) => void]>;
}

/**
 * Prometheus metrics of agents and fleets: `add(agent)` for one agent or many (labels `account`
 * and `agent`), `addFleet(fleet)` for a fleet (label `fleet`). The values are read from
 * `agent.stats()` and `fleet.status()` when scraped (once per scrape), so nothing is counted twice.
 */
export class AgentMetrics {
  readonly registry: PromClient.Registry;
  private readonly agents = new Map<StatsSource, { account: string; agent: string }>();
  private readonly fleets = new Map<FleetSource, FleetWatch>();
  private cached: { agents: Array<[Record<string, string>, AgentStats]>; fleets: Array<[Record<string, string>, FleetView]> } | undefined;
  private unnamed = 0;

  constructor(options: MetricsOptions = {}) {
    const prefix = options.prefix ?? 'lp_';
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$|^$/.test(prefix)) throw new TypeError(`prefix must be a valid Prometheus metric name start (got ${JSON.stringify(prefix)})`);
    this.registry = options.registry ?? new prom.Registry();
    for (const spec of AGENT_METRICS) this.register(prefix, spec, ['account', 'agent'], () => this.read().agents);
    for (const spec of FLEET_METRICS) this.register(prefix, spec, ['fleet'], () => this.read().fleets);
  }

  /** Measures an agent; `name` is its `agent` label (default: its username, user id or agent id). */
  add(agent: StatsSource, options: { name?: string } = {}): this {
    if (!agent || typeof agent.stats !== 'function') throw new TypeError('add() takes an agent: an object with a stats() method');
    const conf = agent.conf ?? {};
    const name = options.name ?? firstString(conf.username, conf.userId, agent.agentId) ?? `agent-${++this.unnamed}`;
    this.agents.set(agent, { account: agent.accountId ?? '', agent: name });
    this.cached = undefined;
    return this;
  }

  remove(agent: StatsSource): this {
    this.agents.delete(agent);
    this.cached = undefined;
    return this;
  }

  /** Measures a fleet; `name` is its `fleet` label (default: `status().workerId`). */
  addFleet(fleet: FleetSource, options: { name?: string } = {}): this {
    if (!fleet || typeof fleet.status !== 'function' || typeof fleet.on !== 'function') {
      throw new TypeError('addFleet() takes a fleet: an object with status() and on()');
    }
    if (this.fleets.has(fleet)) return this;
    const watch: FleetWatch = { name: options.name, counts: { acquired: 0, released: 0, lost: 0, renewed: 0 }, held: new Set(), agents: new Map(), listeners: [] };
    const listen = (event: 'acquired' | 'released' | 'lost' | 'renewed', handle: (botId: string, agent?: unknown) => void) => {
      fleet.on(event, handle);
      watch.listeners.push([event, handle]);
    };
    listen('acquired', (botId, agent) => {
      watch.counts.acquired++;
      watch.held.add(botId);
      if (agent && typeof (agent as StatsSource).stats === 'function') {
        watch.agents.set(botId, agent as StatsSource);
        this.add(agent as StatsSource, { name: botId });
      }
    });
    for (const event of ['released', 'lost'] as const) {
      listen(event, (botId) => {
        watch.counts[event]++;
        watch.held.delete(botId);
        const agent = watch.agents.get(botId);
        watch.agents.delete(botId);
        if (agent) this.remove(agent);
      });
    }
    listen('renewed', () => void watch.counts.renewed++);
    this.fleets.set(fleet, watch);
    this.cached = undefined;
    return this;
  }

  removeFleet(fleet: FleetSource): this {
    const watch = this.fleets.get(fleet);
    if (!watch) return this;
    for (const [event, listener] of watch.listeners) (fleet.off ?? fleet.removeListener)?.call(fleet, event, listener);
    for (const agent of watch.agents.values()) this.agents.delete(agent);
    this.fleets.delete(fleet);
    this.cached = undefined;
    return this;
  }

  /** The metrics in Prometheus text format (the registry's `metrics()`). */
  metrics(): Promise<string> {
    this.cached = undefined;
    return this.registry.metrics();
  }

  /** The Content-Type header for {@link metrics}. */
  get contentType(): string {
    return this.registry.contentType;
  }

  private register<V>(prefix: string, spec: MetricSpec<V>, base: string[], sources: () => Array<[Record<string, string>, V]>): void {
    const labelNames = [...base, ...spec.labels];
    const options = {
      name: prefix + spec.name,
      help: spec.help,
      labelNames,
      registers: [this.registry],
      collect(this: PromClient.Counter | PromClient.Gauge) {
        this.reset();
        for (const [labels, source] of sources()) {
          for (const [extra, value] of spec.read(source) as Sample[]) if (Number.isFinite(value)) this.inc({ ...labels, ...extra }, value);
        }
      },
    };
    if (spec.kind === 'counter') new prom.Counter(options);
    else new prom.Gauge(options);
  }

  /**
   * One snapshot of every source per scrape: the registry calls every metric's collect() in
   * the same turn, so the snapshot is kept until the next one (and dropped by any change).
   */
  private read(): NonNullable<AgentMetrics['cached']> {
    if (this.cached) return this.cached;
    const agents = [...this.agents].map(([agent, labels]): [Record<string, string>, AgentStats] => [labels, agent.stats()]);
    const fleets = [...this.fleets].map(([fleet, watch]): [Record<string, string>, FleetView] => {
      const status = fleet.status() ?? {};
      return [{ fleet: watch.name ?? status.workerId ?? '' }, { status, ...watch.counts, heldByEvents: watch.held.size }];
    });
    this.cached = { agents, fleets };
    setImmediate(() => (this.cached = undefined));
    return this.cached;
  }
}

function firstString(...values: unknown[]): string | undefined {
  for (const value of values) if ((typeof value === 'string' && value) || typeof value === 'number') return String(value);
  return undefined;
}
