import { EventEmitter } from 'events';
import { Agent } from '../agent';
import type { Coordinator, CoordinatorState, LossReason, OwnershipHandler, ReleaseReason } from './coordinator';
import { EtcdCoordinator } from './etcd';
import { LocalCoordinator } from './local';
import { resolveBots } from './options';
import type { AgentFleetOptions, FleetAgentConfig } from './options';

/** Connection state of a bot held by this worker. */
export type BotConnectionState = 'connecting' | 'connected' | 'disconnected' | 'failed';

/** One bot this worker runs, in `fleet.status().bots`. */
export interface BotStatus {
  /** The bot's id in the fleet. */
  id: string;
  /** `connecting` until its socket opens; `failed` when `createAgent` threw. */
  state: BotConnectionState;
  /** When this worker took the bot (ms since the epoch). */
  since: number;
}

/** What `fleet.status()` returns. */
export interface FleetStatus {
  workerId: string;
  /** `local` or `etcd`. */
  coordinator: string;
  state: CoordinatorState;
  /** Live workers, sorted (just this one with the local coordinator). */
  members: string[];
  /** Bots this worker runs now, sorted by id. */
  bots: BotStatus[];
  /** Bots in the fleet's configuration. */
  configured: number;
  /** Lease renewals that succeeded since start (the coordinator's `leaseRenewals()`; always 0 with `local`). */
  leaseRenewals: number;
}

/** Events of an {@link AgentFleet}. */
export interface FleetEvents<A extends Agent = Agent> {
  /** This worker took the bot and created its agent. */
  acquired: [botId: string, agent: A];
  /** This worker gave the bot up on purpose (`handoff` to another worker, or `stop`); its agent is disposed. */
  released: [botId: string, reason: ReleaseReason];
  /** This worker had to drop the bot (`fenced`, `lease-lost`, `key-lost`); its agent is disposed. */
  lost: [botId: string, reason: LossReason];
  /** Coordination trouble (etcd unreachable, a factory that threw, …); the fleet keeps trying. */
  error: [err: Error, botId?: string];
}

interface Running<A> {
  agent?: A;
  state: BotConnectionState;
  since: number;
}

/**
 * Runs a set of bot users, each logged in exactly once across all workers of the fleet. With
 * `etcd` the bots are spread over every process that runs a fleet with the same bots and
 * namespace; without, they all run here.
 */
export class AgentFleet<A extends Agent = Agent> extends EventEmitter<FleetEvents<A>> {
  readonly coordinator: Coordinator;
  private readonly confs: Map<string, FleetAgentConfig>;
  private readonly createAgent: (conf: FleetAgentConfig) => A;
  private readonly running = new Map<string, Running<A>>();
  private starting?: Promise<void>;

  constructor(options: AgentFleetOptions<A>) {
    super();
    if (!options || typeof options !== 'object') throw new Error('AgentFleet needs options: { bots, createAgent?, etcd? }');
    const bots = resolveBots(options.bots);
    this.confs = new Map(bots.map((b) => [b.id, b]));
    if (options.createAgent !== undefined && typeof options.createAgent !== 'function') throw new Error('createAgent must be a function (conf) => Agent');
    this.createAgent = options.createAgent ?? ((conf) => new Agent(conf) as A);
    if (options.coordinator && options.etcd) throw new Error('give either etcd or coordinator, not both');
    this.coordinator = options.coordinator ?? (options.etcd ? new EtcdCoordinator(options.etcd, options.workerId) : new LocalCoordinator(options.workerId));
  }

  /** This worker's id among the members. */
  get workerId(): string {
    return this.coordinator.workerId;
  }

  /** Joins the fleet and starts the bots placed here; resolves once this worker is a member. */
  start(): Promise<void> {
    this.starting ??= this.coordinator.start([...this.confs.keys()], this.handler());
    return this.starting;
  }

  /** Disposes every agent here, then leaves the fleet (their keys go with it). */
  async stop(): Promise<void> {
    await this.coordinator.stop();
    // A coordinator of one's own may leave some running: nothing outlives stop().
    for (const id of [...this.running.keys()]) if (this.halt(id)) this.notify('released', id, 'stop');
  }

  /** The agent of a bot running here. */
  agent(botId: string): A | undefined {
    return this.running.get(botId)?.agent;
  }

  /** Who this worker is, who the members are, the bots it runs with their connection state, and its lease renewals. */
  status(): FleetStatus {
    const bots = [...this.running].map(([id, r]) => ({ id, state: r.state, since: r.since })).sort((a, b) => (a.id < b.id ? -1 : 1));
    return {
      workerId: this.workerId,
      coordinator: this.coordinator.kind,
      state: this.coordinator.state(),
      members: this.coordinator.members(),
      bots,
      configured: this.confs.size,
      leaseRenewals: this.coordinator.leaseRenewals?.() ?? 0,
    };
  }

  private handler(): OwnershipHandler {
    return {
      acquire: (id) => this.run(id),
      release: (id, reason) => {
        if (this.halt(id)) this.notify('released', id, reason);
      },
      lose: (id, reason) => {
        if (this.halt(id)) this.notify('lost', id, reason);
      },
      error: (err, id) => this.report(err, id),
    };
  }

  private run(id: string): void {
    const conf = this.confs.get(id);
    if (!conf || this.running.has(id)) return;
    const entry: Running<A> = { state: 'connecting', since: Date.now() };
    this.running.set(id, entry);
    try {
      // A copy per start: the SDK writes onto its conf, and a bot may come back here later.
      const agent = this.createAgent({ ...conf });
      entry.agent = agent;
      agent.on('connected', () => (entry.state = 'connected'));
      agent.on('closed', () => (entry.state = 'disconnected'));
    } catch (err) {
      entry.state = 'failed';
      this.report(err instanceof Error ? err : new Error(String(err)), id);
      return;
    }
    this.notify('acquired', id, entry.agent as A);
  }

  /** Disposes the bot's agent; false when it was not running here. */
  private halt(id: string): boolean {
    const entry = this.running.get(id);
    if (!entry) return false;
    this.running.delete(id);
    try {
      entry.agent?.dispose();
    } catch (err) {
      this.report(err as Error, id);
    }
    return true;
  }

  private report(err: Error, id?: string): void {
    if (this.listenerCount('error') > 0) this.notify('error', err, id);
    else warn(`${id ? `${id}: ` : ''}${err.message}`);
  }

  /**
   * Emits without letting a listener's exception through: the coordinator calls in here while it
   * disposes agents one after the other (fencing), and must get to the last one.
   */
  private notify<E extends keyof FleetEvents<A>>(event: E, ...args: FleetEvents<A>[E]): void {
    try {
      (this.emit as (e: E, ...a: FleetEvents<A>[E]) => boolean)(event, ...args);
    } catch (err) {
      warn(`a '${String(event)}' listener threw: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function warn(message: string): void {
  process.emitWarning(`node-agent-sdk/fleet: ${message}`, { code: 'NODE_AGENT_SDK_FLEET_ERROR' });
}
