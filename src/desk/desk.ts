import type { Agent } from '../agent';
import { TypedEmitter } from '../emitter';
import type { Listener } from '../emitter';
import { ResponseError, SDKError, SERVICES } from '../errors';
import type {
  ErrorResponse,
  ExConversationChangeNotification,
  MessagingEventChange,
  MessagingEventNotification,
  ProfileSDE,
  RoutingTaskNotification,
} from '../types';
import { Conversation } from './conversation';
import { messageOf } from './messages';
import { Ring } from './ring';
import { changesBetween, snapshotOf } from './snapshot';
import type { DeskEventMap } from './events';
import type { CloseInfo, DeskErrorContext, DeskOptions } from './types';

const SUBSCRIBE = '.ams.aam.SubscribeExConversations';
/** Events of dialogs the desk does not know yet are kept this long (in changes per dialog) until it does. */
const ORPHANS_PER_DIALOG = 200;
const ORPHAN_DIALOGS = 100;

interface HistoryQuery {
  dialogId: string;
  fromSeq: number;
  olderThan?: number;
  result?: MessagingEventChange[];
}

/**
 * Conversations as objects over one {@link Agent}: subscribes to what it needs, keeps each
 * conversation's state, and reports what happens as typed events (`ring`, `conversation`,
 * `message`, `participant-added`, `transfer-skill`, `close`, …). It uses only the agent's
 * public requests and events, so the agent behaves on the wire exactly as without it.
 *
 * Reconnects: after every `connected` the desk sets itself up again (or, when the agent's
 * auto-reconnect restores subscriptions, adopts the restored ones), rebuilds each
 * conversation's state from the fresh subscription answer, and asks each followed dialog for
 * what it missed. State is compared, not replayed, so nothing is reported twice.
 */
export class ConversationDesk extends TypedEmitter<DeskEventMap> {
  readonly agent: Agent;
  readonly fileTimeout: number;
  private readonly scope: 'mine' | 'all';
  private readonly options: DeskOptions;
  private readonly open = new Map<string, Conversation>();
  private readonly byDialog = new Map<string, Conversation>();
  /** Events of conversations whose `conversation` event is not out yet (profile on its way). */
  private readonly waiting = new Map<Conversation, Array<() => void>>();
  private readonly rings = new Map<string, Ring>();
  private readonly orphans = new Map<string, MessagingEventChange[]>();
  private readonly queries = new Map<string, HistoryQuery>();
  /** The last messaging notification, until the end of the frame it came in (see `queryHistory`). */
  private stash: MessagingEventNotification | undefined;
  /** Connections seen: subscriptions belong to one. */
  private generation = 0;
  private reconnected = false;
  /** The subscription request as it went on the wire, to recognise its replays. */
  private subscriptionWire: string | undefined;
  private capturing = false;
  private readonly candidates = new Map<string, number>();
  private readonly owned = new Map<string, { generation: number; answered: boolean }>();
  private early: ExConversationChangeNotification[] = [];
  /** Per connection: set-up finished, fresh answer received; `ready` once both. */
  private readiness = { generation: 0, setUp: false, answered: false };
  private readonly detach: Array<() => void> = [];
  private disposed = false;

  constructor(agent: Agent, options: DeskOptions = {}) {
    super();
    if (!agent || typeof agent.on !== 'function' || typeof agent.subscribeExConversations !== 'function') {
      throw new TypeError('ConversationDesk needs an Agent');
    }
    if (options.scope !== undefined && options.scope !== 'mine' && options.scope !== 'all') {
      throw new TypeError(`ConversationDesk: scope must be 'mine' or 'all', not ${JSON.stringify(options.scope)}`);
    }
    if (options.skills !== undefined && !(Array.isArray(options.skills) && options.skills.every((s) => typeof s === 'string' && s !== ''))) {
      throw new TypeError('ConversationDesk: skills must be an array of skill ids');
    }
    this.agent = agent;
    this.options = options;
    this.scope = options.scope ?? 'mine';
    const httpTimeout = agent.conf.httpTimeout;
    this.fileTimeout = options.fileTimeout ?? (typeof httpTimeout === 'number' ? httpTimeout : 30000);
    this.listen('connected', () => this.onConnected());
    this.listen('reconnected', () => (this.reconnected = true));
    this.listen('message:sent', (frame: any) => this.onSent(frame));
    this.listen(`${SUBSCRIBE}$Response`, (body: any, reqId: string) => this.adopt(reqId, body));
    this.listen('cqm.ExConversationChangeNotification', (body: ExConversationChangeNotification) => this.onConversations(body));
    this.listen('routing.RoutingTaskNotification', (body: RoutingTaskNotification) => this.onRouting(body));
    this.listen('ms.MessagingEventNotification', (body: MessagingEventNotification) => this.onMessages(body));
    this.listen('GenericSubscribeResponse', (_body: unknown, reqId: string) => this.onQueryAnswer(reqId));
    if (agent.connected) this.onConnected();
  }

  /** The conversations in view (announced or about to be). */
  get conversations(): Conversation[] {
    return [...this.open.values()];
  }

  /** The conversation with this id (or one of its dialog ids), while it is in view. */
  conversation(id: string): Conversation | undefined {
    return this.open.get(id) ?? this.byDialog.get(id);
  }

  /** Detaches from the agent (which keeps running) and forgets every conversation. */
  dispose(): void {
    this.disposed = true;
    this.detach.splice(0).forEach((off) => off());
    this.open.clear();
    this.byDialog.clear();
    this.waiting.clear();
    this.rings.clear();
    this.orphans.clear();
    this.queries.clear();
    this.removeAllListeners();
  }

  // ------------------------------------------------------------------ set-up

  private listen(event: string, fn: (...args: any[]) => void): void {
    // Names come from the desk's own table; the agent's typed `on` is for bots' literal names.
    const agent = this.agent as unknown as { on(name: string, fn: Listener): unknown; off(name: string, fn: Listener): unknown };
    agent.on(event, fn);
    this.detach.push(() => agent.off(event, fn));
  }

  private onConnected(): void {
    const generation = ++this.generation;
    this.reconnected = false;
    this.readiness = { generation, setUp: false, answered: false };
    // The agent emits `reconnected` and replays what it restores right after `connected`, in the same turn.
    queueMicrotask(() => {
      if (this.disposed || generation !== this.generation) return;
      const restored = this.reconnected && this.subscriptionWire !== undefined && restoresSubscriptions(this.agent.conf.autoReconnect);
      void this.setUp(generation, restored);
    });
  }

  private async setUp(generation: number, restored: boolean): Promise<void> {
    const requests = this.agent.promises;
    try {
      if (!restored) {
        const availability = this.options.availability === undefined ? 'ONLINE' : this.options.availability;
        if (availability) await requests.setAgentState({ availability });
        if (this.options.routing ?? this.scope === 'mine') {
          for (const skillId of this.options.skills ?? [undefined]) await requests.subscribeRoutingTasks(skillId === undefined ? {} : { skillId });
        }
        await this.subscribe();
      }
      // Whatever was said while the socket was down (or restored by the agent: it is reported once either way).
      for (const conv of this.open.values()) {
        for (const log of conv.logs.values()) {
          if (log.followed && conv.dialogs.some((d) => d.dialogId === log.dialogId && d.state === 'OPEN')) this.follow(conv, log.dialogId);
        }
      }
      this.ready(generation, 'setUp');
    } catch (err) {
      if (!this.disposed && generation === this.generation) this.fail(err, { location: 'Desk#SetUp' });
    }
  }

  private subscribe(): Promise<void> {
    const me = this.agent.agentId ?? this.agent.__oldAgentId;
    const body = this.scope === 'mine' ? { stage: ['OPEN' as const], agentIds: [me as string] } : { stage: ['OPEN' as const] };
    return new Promise((resolve, reject) => {
      this.capturing = true;
      try {
        this.agent.subscribeExConversations(body, (err, response) => {
          if (err) return reject(toError(err));
          if (response?.subscriptionId && !this.owned.has(response.subscriptionId)) this.own(response.subscriptionId, this.generation);
          resolve();
        });
      } finally {
        this.capturing = false;
      }
    });
  }

  /** Recognises the desk's subscription requests: its own, and the agent's replays of them. */
  private onSent(frame: any): void {
    if (!frame || frame.type !== SUBSCRIBE) return;
    const wire = JSON.stringify(frame.body);
    if (this.capturing) this.subscriptionWire = wire;
    if (wire === this.subscriptionWire) this.candidates.set(frame.id, this.generation);
  }

  private adopt(reqId: string, body: any): void {
    const generation = this.candidates.get(reqId);
    if (generation === undefined) return;
    this.candidates.delete(reqId);
    if (body && typeof body.subscriptionId === 'string') this.own(body.subscriptionId, generation);
  }

  private own(subscriptionId: string, generation: number): void {
    this.owned.set(subscriptionId, { generation, answered: false });
    const early = this.early;
    this.early = [];
    for (const body of early) {
      if (body.subscriptionId === subscriptionId) this.onConversations(body);
      else if (this.candidates.size > 0) this.early.push(body);
    }
  }

  // ------------------------------------------------------------------ conversations

  private onConversations(body: ExConversationChangeNotification): void {
    if (!body || !Array.isArray(body.changes)) return;
    const subscription = this.owned.get(body.subscriptionId);
    if (!subscription) {
      // The answer to a subscription may come before its response names it.
      if (this.candidates.size > 0) this.early.push(body);
      return;
    }
    const initial = !subscription.answered;
    subscription.answered = true;
    const present = new Set<string>();
    for (const change of body.changes) {
      if (!change || !change.result || typeof change.result.convId !== 'string') continue;
      present.add(change.result.convId);
      this.apply(change.type, change.result);
    }
    if (!initial || subscription.generation !== this.generation) return;
    // The first answer of a new connection lists every conversation still in view.
    for (const conv of [...this.open.values()]) {
      if (!present.has(conv.id)) this.finish(conv, { closeReason: conv.closeReason, vanished: true });
    }
    this.ready(subscription.generation, 'answered');
  }

  private ready(generation: number, step: 'setUp' | 'answered'): void {
    const readiness = this.readiness;
    if (readiness.generation !== generation || readiness[step]) return;
    readiness[step] = true;
    if (readiness.setUp && readiness.answered) this.safeEmit('ready', { reconnect: generation > 1 });
  }

  private apply(type: string, result: any): void {
    const next = snapshotOf(result);
    const conv = this.open.get(next.id);
    if (!conv) {
      if (type !== 'DELETE' && next.stage !== 'CLOSE') this.admit(new Conversation(this, next));
      return;
    }
    const prev = conv.snapshot;
    conv.snapshot = next;
    this.index(conv);
    for (const change of changesBetween(prev, next, this.agent.agentId)) this.emitFor(conv, change.event, change.payload);
    if (next.stage === 'CLOSE') this.finish(conv, { closeReason: next.closeReason, ...(next.endTs !== undefined && { endTs: next.endTs }), vanished: false });
    else if (type === 'DELETE') this.forget(conv); // out of this desk's view (e.g. transferred away)
    else this.followDialogs(conv);
  }

  /** A conversation new to the desk: its events wait until `conversation` is out, with the profile. */
  private admit(conv: Conversation): void {
    this.open.set(conv.id, conv);
    this.waiting.set(conv, []);
    this.index(conv);
    this.followDialogs(conv);
    void this.profileOf(conv).then((profile) => {
      if (this.disposed) return;
      conv.consumer.profile = profile;
      const personal = profile.find((sde) => sde.type === 'personal')?.personal as { firstname?: string; lastname?: string } | undefined;
      if (personal?.firstname) conv.consumer.firstName = personal.firstname;
      if (personal?.lastname) conv.consumer.lastName = personal.lastname;
      const queued = this.waiting.get(conv) ?? [];
      this.waiting.delete(conv);
      this.safeEmit('conversation', conv);
      queued.forEach((emit) => emit());
    });
  }

  private async profileOf(conv: Conversation): Promise<ProfileSDE[]> {
    if (this.options.fetchProfile === false || !conv.consumer.id) return [];
    try {
      const profile = await this.agent.promises.getUserProfile(conv.consumer.id);
      return Array.isArray(profile) ? profile : [];
    } catch (err) {
      this.fail(err, { location: 'Desk#Profile', conversationId: conv.id });
      return [];
    }
  }

  private index(conv: Conversation): void {
    for (const dialog of conv.snapshot.dialogs) {
      if (this.byDialog.get(dialog.dialogId) === conv) continue;
      this.byDialog.set(dialog.dialogId, conv);
      const orphans = this.orphans.get(dialog.dialogId);
      if (orphans) {
        this.orphans.delete(dialog.dialogId);
        this.ingest(conv, dialog.dialogId, orphans);
      }
    }
  }

  private finish(conv: Conversation, info: CloseInfo): void {
    this.emitFor(conv, 'close', info);
    this.forget(conv);
  }

  private forget(conv: Conversation): void {
    if (this.open.get(conv.id) !== conv) return;
    this.open.delete(conv.id);
    for (const [dialogId, owner] of this.byDialog) if (owner === conv) this.byDialog.delete(dialogId);
  }

  // ------------------------------------------------------------------ messages

  /** Queries the history of every open dialog this agent is in and does not follow yet. */
  private followDialogs(conv: Conversation): void {
    const me = this.agent.agentId;
    for (const dialog of conv.snapshot.dialogs) {
      if (dialog.state !== 'OPEN' || conv.logs.get(dialog.dialogId)?.followed) continue;
      const member = me !== undefined ? dialog.participants.some((p) => p.id === me && p.state === 'ACTIVE') : dialog.dialogType === 'MAIN' && !!conv.myRole;
      if (member) this.follow(conv, dialog.dialogId);
    }
  }

  /** Asks for what a dialog said after the last event seen; live events wait meanwhile. */
  private follow(conv: Conversation, dialogId: string): void {
    const log = conv.log(dialogId);
    log.followed = true;
    log.hold();
    const generation = this.generation;
    this.queryHistory(conv.id, dialogId, log.maxSequence + 1).then(
      (events) => this.report(conv, dialogId, log.release(events)),
      (err) => {
        if (this.disposed) return;
        // Cut off by a reconnect: the new connection asks again, so that is no failure to report.
        if (generation === this.generation) this.fail(err, { location: 'Desk#History', conversationId: conv.id });
        this.report(conv, dialogId, log.release());
      },
    );
  }

  private onMessages(body: MessagingEventNotification): void {
    if (!body || typeof body.dialogId !== 'string' || !Array.isArray(body.changes)) return;
    // A history answer is emitted just before its response, in the same turn: kept until the turn ends.
    this.stash = body;
    queueMicrotask(() => {
      if (this.stash === body) this.stash = undefined;
    });
    const conv = this.byDialog.get(body.dialogId);
    if (conv) this.ingest(conv, body.dialogId, body.changes);
    else this.keepOrphans(body.dialogId, body.changes);
  }

  private ingest(conv: Conversation, dialogId: string, changes: MessagingEventChange[]): void {
    const log = conv.log(dialogId);
    if (!log.followed) this.follow(conv, dialogId);
    this.report(conv, dialogId, log.take(changes));
  }

  private report(conv: Conversation, dialogId: string, changes: MessagingEventChange[]): void {
    if (this.disposed) return;
    for (const change of changes) {
      const message = messageOf(change, conv.id, dialogId, this.agent.agentId);
      if (message.role === 'CONSUMER') conv.lastConsumerMessage = message;
      this.emitFor(conv, 'message', message);
    }
  }

  private keepOrphans(dialogId: string, changes: MessagingEventChange[]): void {
    if (!this.orphans.has(dialogId) && this.orphans.size >= ORPHAN_DIALOGS) {
      this.orphans.delete(this.orphans.keys().next().value as string);
    }
    const kept = [...(this.orphans.get(dialogId) ?? []), ...changes];
    this.orphans.set(dialogId, kept.slice(-ORPHANS_PER_DIALOG));
  }

  /** @internal A QueryMessages round trip; its events come back as a notification just before the response. */
  queryHistory(conversationId: string, dialogId: string, fromSeq: number, olderThan?: number): Promise<MessagingEventChange[]> {
    return new Promise((resolve, reject) => {
      const body = { dialogId, conversationId, fromSeq, ...(olderThan !== undefined && { olderThanSequence: olderThan }) };
      const query: HistoryQuery = { dialogId, fromSeq, ...(olderThan !== undefined && { olderThan }) };
      const id = this.agent.subscribeMessagingEvents(body, (err) => {
        if (id) this.queries.delete(id);
        if (err) reject(toError(err));
        else resolve(query.result ?? []);
      });
      if (id) this.queries.set(id, query);
    });
  }

  private onQueryAnswer(reqId: string): void {
    const query = this.queries.get(reqId);
    if (!query) return;
    const answer = this.stash;
    const inWindow = (c: MessagingEventChange) =>
      typeof c.sequence !== 'number' || (c.sequence >= query.fromSeq && (query.olderThan === undefined || c.sequence < query.olderThan));
    query.result = answer && answer.dialogId === query.dialogId && answer.changes.every(inWindow) ? answer.changes : [];
  }

  // ------------------------------------------------------------------ rings

  private onRouting(body: RoutingTaskNotification): void {
    if (!body || !Array.isArray(body.changes)) return;
    for (const change of body.changes) {
      const task = change?.result;
      if (!task || !Array.isArray(task.ringsDetails)) continue;
      for (const details of task.ringsDetails) {
        if (!details || typeof details.ringId !== 'string') continue;
        const known = this.rings.get(details.ringId);
        if (known) {
          known.state = details.ringState;
          if (details.ringState !== 'WAITING' || change.type === 'DELETE') this.rings.delete(details.ringId);
        } else if (details.ringState === 'WAITING' && change.type !== 'DELETE') {
          this.offer(new Ring(this.agent, task, details));
        }
      }
    }
  }

  private offer(ring: Ring): void {
    const now = Date.now();
    for (const [id, old] of this.rings) if (old.expiresAt !== undefined && old.expiresAt < now) this.rings.delete(id);
    this.rings.set(ring.ringId, ring);
    if (this.options.autoAccept) ring.accept().catch((err) => this.fail(err, { location: 'Desk#Ring', conversationId: ring.conversationId }));
    this.safeEmit('ring', ring);
  }

  // ------------------------------------------------------------------ events

  private emitFor(conv: Conversation, event: keyof DeskEventMap, payload: unknown): void {
    const emit = () => this.safeEmit(event, conv, payload);
    const queue = this.waiting.get(conv);
    if (queue) queue.push(emit);
    else emit();
  }

  /** A listener that throws becomes an `error` event; the desk's bookkeeping goes on. */
  private safeEmit(event: keyof DeskEventMap, ...args: unknown[]): void {
    if (this.disposed) return;
    try {
      this.emit(event, ...args);
    } catch (thrown) {
      if (event === 'error') return;
      this.fail(thrown, { location: 'Desk#Listener' });
    }
  }

  private fail(err: unknown, context: DeskErrorContext): void {
    this.safeEmit('error', toError(err), context);
  }
}

/** Whether the agent's auto-reconnect replays subscriptions (its documented default when on). */
function restoresSubscriptions(option: unknown): boolean {
  if (!option) return false;
  return option === true || (typeof option === 'object' && (option as { restoreSubscriptions?: boolean }).restoreSubscriptions !== false);
}

function toError(err: unknown): Error {
  if (err instanceof Error) return err;
  if (err && typeof err === 'object' && 'code' in err) return new ResponseError(err as ErrorResponse);
  return new SDKError(String(err), null, SERVICES.MESSAGING, err);
}
