import {
  Agent,
  type AgentConfig,
  type ExConversationChangeNotification,
  type MessagingEvent,
  type MessagingEventChange,
  type MessagingEventNotification,
  type RoutingTaskNotification,
} from 'node-agent-sdk';

type Change = ExConversationChangeNotification['changes'][number];

/** A message the bot stored, by sequence: the event itself, marked with where its READ receipt stands. */
type StoredEvent = MessagingEvent & { readStatus?: 'NOT_SENT' | 'PENDING' | 'RECEIVED' };

/** What the bot knows of one of its conversations. */
export interface ConversationState {
  messages: Record<number, StoredEvent>;
  consumerId: string | null;
  /** `offline` from a socket close until the conversation shows up again. */
  state: 'active' | 'offline';
}

/** What `MyCoolAgent.ContentEvent` carries: a consumer message not seen before. */
export interface ContentEvent {
  dialogId: string;
  sequence: number;
  message: string;
}

/** What `MyCoolAgent.NewConversation` carries. */
export interface NewConversationEvent {
  change: Change;
  conversation: ConversationState;
}

/** The sample's configuration: the agent's, plus a name it prints in its logs (`conf.id`). */
export interface MyCoolAgentConfig extends AgentConfig {
  id?: string;
}

/**
 * LivePerson's MyCoolAgent, step for step: goes ONLINE, subscribes to its own open conversations
 * and to routing, accepts every WAITING ring, posts the consumer's profile in each new
 * conversation, reads its history, marks consumer messages READ and emits each new one as
 * `MyCoolAgent.ContentEvent` (and the legacy misspelt `MyCoolAgent.ContentEvnet`). On `closed` it
 * reconnects. What to answer is up to its users (see agent-bot.ts).
 */
export class MyCoolAgent extends Agent {
  /** Deprecated in the original too; still emitted for old bots. */
  readonly CONTENT_NOTIFICATION_LEGACY = 'MyCoolAgent.ContentEvnet';
  readonly CONTENT_NOTIFICATION = 'MyCoolAgent.ContentEvent';
  readonly NEW_CONVERSATION = 'MyCoolAgent.NewConversation';

  /** The bot's conversations, by id. */
  readonly openConvs: Record<string, ConversationState> = {};
  private _pingClock: NodeJS.Timeout | undefined;
  /** Timers of the delayed forgetting after a DELETE (stopped by dispose). */
  private readonly forgetTimers = new Set<NodeJS.Timeout>();

  declare readonly conf: MyCoolAgentConfig;

  constructor(
    conf: MyCoolAgentConfig,
    protected readonly log: (...args: unknown[]) => void = console.log,
  ) {
    super(conf);
    this.on('connected', (msg) => this.onConnected(msg));
    this.on('routing.RoutingTaskNotification', (body) => this.onRoutingTask(body));
    this.on('cqm.ExConversationChangeNotification', (body) => this.onConversationNotification(body));
    this.on('ms.MessagingEventNotification', (body) => this.onMessagingNotification(body));
    this.on('error', (err) => this.log('got an error', err));
    this.on('closed', (data) => {
      this.log('socket closed', data);
      clearInterval(this._pingClock);
      for (const key of Object.keys(this.openConvs)) this.openConvs[key].state = 'offline';
      this.reconnectWithMessages();
    });
  }

  /** The sample's timers never stopped; this port stops them on dispose. */
  override dispose(): void {
    clearInterval(this._pingClock);
    this.forgetTimers.forEach((timer) => clearTimeout(timer));
    super.dispose();
  }

  protected onConnected(msg: unknown): void {
    this.log('connected...', this.conf.id || '', msg);
    this.setAgentState({ availability: 'ONLINE' });
    this.subscribeExConversations({ agentIds: [this.agentId as string], convState: ['OPEN'] }, (e: unknown, resp: unknown) =>
      this.log('subscribeExConversations', this.conf.id || '', resp || e),
    );
    this.subscribeRoutingTasks({});
    this._pingClock = setInterval(this.getClock as () => void, 30000);
  }

  protected reconnectWithMessages(): void {
    this.log('reconnecting');
    this.reconnect(); // a new token, as 4401 and 4407 need
  }

  protected onRoutingTask(body: RoutingTaskNotification): void {
    body.changes.forEach((c) => {
      if (c.type !== 'UPSERT') return;
      c.result.ringsDetails.forEach((r) => {
        if (r.ringState === 'WAITING') this.updateRingState({ ringId: r.ringId, ringState: 'ACCEPTED' }, (e: unknown, resp: unknown) => this.log(resp));
      });
    });
  }

  protected onConversationNotification(notificationBody: ExConversationChangeNotification): void {
    notificationBody.changes.forEach((change) => {
      const convId = change.result.convId;
      if (change.type === 'UPSERT') {
        const conversation = this.openConvs[convId];
        if (!conversation) {
          this.onNewConversation(change);
          return;
        }
        if (conversation.state === 'offline') {
          conversation.state = 'active';
          this.log('conversation resumed after being online');
          // Whatever was missed while the socket was down.
          this.subscribeMessagingEvents({ dialogId: convId });
        }
        // A new consumer id: typically a step-up from unauthenticated to authenticated.
        if (consumerOf(change) !== conversation.consumerId) this.onConversationConsumerChange(change);
      } else if (change.type === 'DELETE') {
        const timer = setTimeout(() => {
          this.forgetTimers.delete(timer);
          if (Object.prototype.hasOwnProperty.call(this.openConvs, convId)) delete this.openConvs[convId]; // closed or transferred
        }, 1000);
        this.forgetTimers.add(timer);
      }
    });
  }

  protected onNewConversation(change: Change): void {
    const conversation: ConversationState = { messages: {}, consumerId: null, state: 'active' };
    this.openConvs[change.result.convId] = conversation;
    conversation.consumerId = consumerOf(change);
    this.getUserProfile(conversation.consumerId, (e: unknown, profileResp: unknown) => {
      this.publishEvent({
        dialogId: change.result.convId,
        event: { type: 'ContentEvent', contentType: 'text/plain', message: `Just joined to conversation with ${JSON.stringify(profileResp)}` },
      });
    });
    this.subscribeMessagingEvents({ dialogId: change.result.convId });
    this.emit(this.NEW_CONVERSATION, { change, conversation } satisfies NewConversationEvent);
  }

  protected onConversationConsumerChange(change: Change): void {
    const conversation = this.openConvs[change.result.convId];
    conversation.consumerId = consumerOf(change);
    this.getUserProfile(conversation.consumerId, (e: unknown, profileResp: unknown) => {
      this.publishEvent({
        dialogId: change.result.convId,
        event: { type: 'ContentEvent', contentType: 'text/plain', message: `Consumer stepped up in conversation with ${JSON.stringify(profileResp)}` },
      });
    });
  }

  protected onMessagingNotification(body: MessagingEventNotification): void {
    body.changes.forEach((c) => this.onMessage(c));

    // READ receipts (the consumer's, and the bot's own from the history): nothing to send again for those.
    body.changes.forEach((c) => {
      const conversation = this.openConvs[c.dialogId];
      if (c.event.type === 'AcceptStatusEvent' && c.event.status === 'READ') {
        c.event.sequenceList.forEach((sequence) => {
          if (!Object.prototype.hasOwnProperty.call(conversation.messages, sequence)) this.log(`invalid sequence: ${sequence}`);
          else conversation.messages[sequence].readStatus = 'RECEIVED';
        });
      }
    });

    body.changes.forEach((c) => {
      if (c.event.type !== 'ContentEvent' || c.originatorId === this.agentId) return;
      const conversation = this.openConvs[c.dialogId];
      const sequence = c.sequence as number;
      if (conversation.messages[sequence].readStatus !== 'NOT_SENT') return;
      conversation.messages[sequence].readStatus = 'PENDING';
      this.publishEvent({ dialogId: c.dialogId, event: { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [sequence] } });
    });
  }

  /** What `MyCoolAgent.ContentEvent` carries for a message (a subclass may add to it). */
  protected contentEventOf(c: MessagingEventChange): ContentEvent {
    return { dialogId: c.dialogId, sequence: c.sequence as number, message: (c.event as { message?: unknown }).message as string };
  }

  protected onMessage(c: MessagingEventChange): void {
    // Events of conversations that are not (or no longer) the bot's are left alone.
    const conversation = this.openConvs[c.dialogId];
    if (!conversation) return;
    const sequence = c.sequence as number;
    if (Object.prototype.hasOwnProperty.call(conversation.messages, sequence)) {
      this.log(`ignoring duplicate message ${sequence}`);
      return;
    }
    conversation.messages[sequence] = c.event;
    conversation.messages[sequence].readStatus = 'NOT_SENT';
    if (c.event.type === 'ContentEvent' && c.originatorId !== this.agentId) {
      const contentEvent = this.contentEventOf(c);
      this.emit(this.CONTENT_NOTIFICATION, contentEvent);
      this.emit(this.CONTENT_NOTIFICATION_LEGACY, contentEvent);
    }
  }
}

function consumerOf(change: Change): string {
  return change.result.conversationDetails.participants.filter((p) => p.role === 'CONSUMER')[0].id;
}
