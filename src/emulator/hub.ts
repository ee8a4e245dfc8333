import type { Connection, ExConvFilter, ExConvSubscription, RoutingSubscription } from './connection';
import type { EventEmitter } from 'events';
import type { AgentUser, Conversation, Dialog, Ring, RoutingTask, StoredEvent } from './model';
import { agentStateNotification, agentStateResult, conversationResult, dialogMembers, eventDistribution, exConvNotification, mainDialog, routingNotification, routingTaskResult } from './notifications';
import type { Change, ChangeType } from './notifications';
import type { Outbox } from './outbox';
import type { State } from './state';

/** LivePerson caps the initial ExConversation batch (docs/protocol.md, "ExConversationChangeNotification"). */
const INITIAL_BATCH_LIMIT = 1000;

function matchesFilter(filter: ExConvFilter, conv: Conversation): boolean {
  if (filter.convState && !filter.convState.includes(mainDialog(conv).state)) return false;
  if (filter.stage && !filter.stage.includes(conv.stage)) return false;
  if (filter.consumerId !== undefined && filter.consumerId !== conv.consumer.id) return false;
  if (filter.minLastUpdatedTime !== undefined && conv.metaDataLastUpdateTs < filter.minLastUpdatedTime) return false;
  if (filter.maxLastUpdatedTime !== undefined && conv.metaDataLastUpdateTs > filter.maxLastUpdatedTime) return false;
  const agentIds = filter.agentIds;
  if (agentIds && !conv.participants.some((p) => p.party.agent && agentIds.includes(p.party.id))) return false;
  return true;
}

/** What the hub reads to find subscribers, and where it delivers. */
interface HubDeps {
  state: Pick<State, 'account'>;
  connections: ReadonlySet<Connection>;
  outbox: Pick<Outbox, 'deliver'>;
  /** The public Emulator: EmulatorEvents are emitted on it. */
  events: Pick<EventEmitter, 'emit'>;
  /** Internal fan-out to consumer simulators. */
  bus: Pick<EventEmitter, 'emit'>;
}

/** Decides who receives which notification; all sends go through the outbox. */
export class Hub {
  constructor(private readonly deps: HubDeps) {}

  send(conn: Connection, frame: object): void {
    this.deps.outbox.deliver(() => conn.send(frame));
  }

  private connectionsOf(accountId: string): Connection[] {
    return [...this.deps.connections].filter((c) => c.isOpen && c.accountId === accountId);
  }

  private connectionsOfAgent(agent: AgentUser): Connection[] {
    return [...this.deps.connections].filter((c) => c.isOpen && c.agent === agent);
  }

  /** UPSERT where a subscription matches; DELETE (full result) where it matched before and no longer does. */
  conversationChanged(conv: Conversation): void {
    for (const conn of this.connectionsOf(conv.accountId)) {
      for (const sub of conn.exConv.values()) {
        const change = this.changeFor(conn, sub, conv);
        if (change) this.send(conn, exConvNotification(sub.id, [change]));
      }
    }
    this.deps.outbox.deliver(() => this.deps.bus.emit('conversation', conv));
  }

  private changeFor(conn: Connection, sub: ExConvSubscription, conv: Conversation): Change<unknown> | undefined {
    let type: ChangeType;
    if (matchesFilter(sub.filter, conv)) {
      sub.seen.add(conv.convId);
      type = 'UPSERT';
    } else if (sub.seen.delete(conv.convId)) {
      type = 'DELETE';
    } else {
      return undefined;
    }
    return { type, result: conversationResult(conv, conn.apiVersion >= 2.1) };
  }

  initialBatch(conn: Connection, sub: ExConvSubscription): void {
    const account = this.deps.state.account(conn.accountId);
    const matching = [...(account?.conversations.values() ?? [])]
      .filter((conv) => matchesFilter(sub.filter, conv))
      .slice(0, INITIAL_BATCH_LIMIT);
    matching.forEach((conv) => sub.seen.add(conv.convId));
    const changes = matching.map((conv) => ({
      type: 'UPSERT' as const,
      result: conversationResult(conv, conn.apiVersion >= 2.1),
    }));
    this.send(conn, exConvNotification(sub.id, changes));
  }

  /** A ring change, to the routing subscriptions of the ring's agent that cover the task. */
  ringChanged(task: RoutingTask, ring: Ring, type: ChangeType = 'UPSERT'): void {
    for (const conn of this.connectionsOfAgent(ring.agent)) {
      for (const sub of conn.routing.values()) {
        if (routingCovers(sub, task)) this.ringTo(conn, sub, task, ring, type);
      }
    }
    const info = { ringId: ring.ringId, ringState: ring.state, conversationId: task.conv.convId, agent: ring.agent.username };
    this.deps.outbox.deliver(() => this.deps.events.emit('ring', info));
  }

  ringTo(conn: Connection, sub: RoutingSubscription, task: RoutingTask, ring: Ring, type: ChangeType = 'UPSERT'): void {
    this.send(conn, routingNotification(sub.id, [{ type, result: routingTaskResult(task, [ring]) }]));
  }

  agentStateChanged(agent: AgentUser): void {
    for (const conn of this.connectionsOf(agent.accountId)) {
      for (const sub of conn.agentState.values()) {
        if (sub.agentId === undefined || sub.agentId === agent.oldAgentId) {
          this.send(conn, agentStateNotification(sub.id, [{ type: 'UPSERT', result: agentStateResult(agent) }]));
        }
      }
    }
  }

  /** One OnlineEventDistribution per event to every connection of a participating agent. */
  eventPublished(conv: Conversation, dialog: Dialog, stored: StoredEvent): void {
    const agents = new Set(dialogMembers(conv, dialog).flatMap((p) => (p.party.agent ? [p.party.agent] : [])));
    for (const conn of this.connectionsOf(conv.accountId)) {
      if (agents.has(conn.agent)) this.send(conn, eventDistribution(stored.record));
    }
    this.deps.outbox.deliver(() => this.deps.bus.emit('event', conv, dialog, stored));
  }
}

export function routingCovers(sub: RoutingSubscription, task: RoutingTask): boolean {
  return (
    (sub.skillId === undefined || sub.skillId === task.skillId) &&
    (sub.conversationId === undefined || sub.conversationId === task.conv.convId)
  );
}
