import type { Connection, RoutingSubscription } from './connection';
import type { Hub } from './hub';
import { uuid } from './ids';
import type { AgentUser, Conversation, Ring, RingState, RoutingTask } from './model';
import { routingCovers } from './hub';
import type { Outbox } from './outbox';
import type { State } from './state';
import type { Timers } from './timers';

interface RouteOptions {
  /** Transfers may ring OCCUPIED agents as well as ONLINE ones. */
  transfer: boolean;
  /** Transfer to one agent: only that agent is rung. */
  target?: AgentUser;
  /** Agents not to ring in this round (e.g. the one who just gave the conversation away). */
  exclude?: AgentUser[];
}

/** What routing reads, and whom it tells. */
interface RoutingDeps {
  state: Pick<State, 'account'>;
  connections: ReadonlySet<Connection>;
  timers: Pick<Timers, 'set' | 'clear'>;
  outbox: Pick<Outbox, 'run'>;
  hub: Pick<Hub, 'ringChanged' | 'ringTo'>;
  /** Ring lifetime for rings created from now on. */
  ringExpirationMs: () => number;
  /** An accepted ring assigns the conversation; a missed transfer takes the suggestion back. */
  conversations: {
    assign(conv: Conversation, agent: AgentUser): void;
    unsuggest(conv: Conversation, agent: AgentUser): void;
    changed(conv: Conversation): void;
  };
}

/**
 * Rings: one routing task per unassigned open conversation, one ring per eligible agent.
 * An agent is eligible when its availability allows it, its skills cover the task, it holds a
 * routing subscription covering the task on a live socket, and it was not rung in this round.
 */
export class Routing {
  private readonly tasks = new Map<string, RoutingTask>();
  private lastRingTs = 0;

  constructor(private readonly deps: RoutingDeps) {}

  /** Starts a new routing round for the conversation (ending the previous one). */
  route(conv: Conversation, options: RouteOptions): void {
    this.cancel(conv);
    const task: RoutingTask = {
      routingTaskId: uuid(),
      conv,
      skillId: conv.skillId,
      transfer: options.transfer,
      target: options.target,
      rings: [],
      tried: new Set((options.exclude ?? []).map((a) => a.oldAgentId)),
      completed: false,
      assignedAgentId: '',
    };
    this.tasks.set(conv.convId, task);
    this.offer(task);
  }

  /** Rings the agent for every queued conversation it is now eligible for. */
  offerQueued(agent: AgentUser): void {
    for (const task of this.tasks.values()) {
      if (task.conv.accountId === agent.accountId && this.eligible(task, agent)) this.ring(task, agent);
    }
  }

  /** Re-sends the agent's WAITING rings to a fresh routing subscription (e.g. after a reconnect). */
  resync(conn: Connection, sub: RoutingSubscription): void {
    for (const task of this.tasks.values()) {
      if (!routingCovers(sub, task)) continue;
      for (const ring of task.rings) {
        if (ring.agent === conn.agent && ring.state === 'WAITING') this.deps.hub.ringTo(conn, sub, task, ring);
      }
    }
  }

  findRing(accountId: string, ringId: string): { task: RoutingTask; ring: Ring } | undefined {
    for (const task of this.tasks.values()) {
      const ring = task.rings.find((r) => r.ringId === ringId);
      if (ring && task.conv.accountId === accountId) return { task, ring };
    }
    return undefined;
  }

  accept(task: RoutingTask, ring: Ring): void {
    task.completed = true;
    task.assignedAgentId = ring.agent.oldAgentId;
    this.settle(task, ring, 'ACCEPTED');
    for (const other of task.rings.filter((r) => r.state === 'WAITING')) {
      this.settle(task, other, 'CANCELLED');
      this.deps.hub.ringChanged(task, other, 'DELETE');
    }
    this.tasks.delete(task.conv.convId);
    const conversations = this.deps.conversations;
    conversations.assign(task.conv, ring.agent);
    conversations.changed(task.conv);
  }

  reject(task: RoutingTask, ring: Ring): void {
    this.settle(task, ring, 'REJECTED');
    this.afterMiss(task);
  }

  /** Ends the conversation's routing (assigned elsewhere or closed): WAITING rings are CANCELLED. */
  cancel(conv: Conversation): void {
    const task = this.tasks.get(conv.convId);
    if (!task) return;
    this.tasks.delete(conv.convId);
    for (const ring of task.rings.filter((r) => r.state === 'WAITING')) {
      this.settle(task, ring, 'CANCELLED');
      this.deps.hub.ringChanged(task, ring, 'DELETE');
    }
  }

  private eligible(task: RoutingTask, agent: AgentUser): boolean {
    if (task.completed || task.tried.has(agent.oldAgentId)) return false;
    if (task.target && task.target !== agent) return false;
    const canRing = agent.availability === 'ONLINE' || ((task.transfer || !!task.target) && agent.availability === 'OCCUPIED');
    if (!canRing) return false;
    if (!task.target && agent.skills.length > 0 && !agent.skills.includes(task.skillId)) return false;
    return [...this.deps.connections].some(
      (c) => c.isOpen && c.agent === agent && [...c.routing.values()].some((sub) => routingCovers(sub, task)),
    );
  }

  private offer(task: RoutingTask): void {
    const account = this.deps.state.account(task.conv.accountId);
    for (const agent of account?.agents.values() ?? []) {
      if (this.eligible(task, agent)) this.ring(task, agent);
    }
  }

  private ring(task: RoutingTask, agent: AgentUser): void {
    // ringIds embed the creation time; keep them unique when several rings start in one millisecond.
    const createdTs = Math.max(Date.now(), this.lastRingTs + 1);
    this.lastRingTs = createdTs;
    const expirationMs = this.deps.ringExpirationMs();
    const ring: Ring = {
      ringId: `${task.conv.convId}_${task.conv.accountId}_${createdTs}`,
      agent,
      state: 'WAITING',
      createdTs,
      expirationTs: createdTs + expirationMs,
    };
    ring.timer = this.deps.timers.set(() => this.deps.outbox.run(() => this.expire(task, ring)), expirationMs);
    task.tried.add(agent.oldAgentId);
    task.rings.push(ring);
    this.deps.hub.ringChanged(task, ring);
  }

  private expire(task: RoutingTask, ring: Ring): void {
    if (ring.state !== 'WAITING') return;
    this.settle(task, ring, 'EXPIRED');
    this.afterMiss(task);
  }

  private settle(task: RoutingTask, ring: Ring, state: RingState): void {
    this.deps.timers.clear(ring.timer);
    ring.timer = undefined;
    ring.state = state;
    this.deps.hub.ringChanged(task, ring);
  }

  /**
   * A ring was refused or ran out. A transfer to an agent falls back to the skill queue once the
   * target had its chance; otherwise the conversation waits for the next eligible agent.
   */
  private afterMiss(task: RoutingTask): void {
    if (task.rings.some((r) => r.state === 'WAITING') || this.tasks.get(task.conv.convId) !== task) return;
    if (!task.target) return;
    const conversations = this.deps.conversations;
    conversations.unsuggest(task.conv, task.target);
    conversations.changed(task.conv);
    this.route(task.conv, { transfer: true, exclude: [task.target] });
  }

  /** Clears every ring timer (emulator shutdown). */
  dispose(): void {
    for (const task of this.tasks.values()) task.rings.forEach((r) => this.deps.timers.clear(r.timer));
    this.tasks.clear();
  }
}
