import {
  Agent,
  type AgentConfig,
  type ExConversationChangeNotification,
  type MessagingEventNotification,
  type Metadata,
  type ProfileSDE,
  type RoutingTaskNotification,
} from 'node-agent-sdk';
import { reason } from '../lib/rest';

/** A consumer message the bot has not handled yet (already marked READ when emitted). */
export interface ContentEventInfo {
  conversationId: string;
  dialogId: string;
  sequence: number;
  message: string;
  /** Frame metadata the consumer's client sent with the message (social, survey answers, …). */
  metadata: Metadata;
}

/** A conversation newly assigned to the bot. */
export interface NewConversationInfo {
  conversationId: string;
  consumerId: string;
  skillId: string;
}

export interface MyCoolAgentOptions {
  /** The first thing said in a new conversation (nothing when it returns undefined). Default: a hello with the consumer's name. */
  welcome?: (consumerName: string | undefined) => string | undefined;
  /** Receives one line per thing worth telling. Default: console.log. */
  log?: (line: string) => void;
}

/**
 * An agent that takes conversations: goes ONLINE, accepts every ring, says hello with the
 * consumer's name from the profile, reads the conversation's messages and marks each consumer
 * message READ. What to answer is left to its users: listen to `MyCoolAgent.CONTENT`.
 */
export class MyCoolAgent extends Agent {
  /** `(info: ContentEventInfo)`: an unread consumer message. */
  static readonly CONTENT = 'MyCoolAgent.ContentEvent';
  /** `(info: NewConversationInfo)`: a conversation was assigned to the bot (emitted before any of its messages). */
  static readonly NEW_CONVERSATION = 'MyCoolAgent.NewConversation';

  protected readonly log: (line: string) => void;
  private readonly welcome: (consumerName: string | undefined) => string | undefined;
  /** My conversations → the sequences already handled (answered or read before). */
  private readonly mine = new Map<string, Set<number>>();

  constructor(config: AgentConfig, options: MyCoolAgentOptions = {}) {
    super(config);
    this.log = options.log ?? ((line: string) => console.log(line));
    this.welcome = options.welcome ?? ((name) => `Hello${name ? ` ${name}` : ''}! You are talking to MyCoolAgent, a bot.`);
    this.on('connected', () => void this.setUp());
    this.on('routing.RoutingTaskNotification', (body) => this.acceptRings(body));
    this.on('cqm.ExConversationChangeNotification', (body) => this.onConversations(body));
    this.on('ms.MessagingEventNotification', (body) => this.onMessages(body));
    this.on('error', (err, context) => this.log(`[${this.constructor.name}] error${context ? ` at ${context.location}` : ''}: ${reason(err)}`));
  }

  /** The consumer's first and last name from the profile's `personal` SDE. */
  async consumerName(consumerId: string): Promise<string | undefined> {
    const profile: ProfileSDE[] = await this.promises.getUserProfile(consumerId);
    const personal = profile.find((sde) => sde.type === 'personal')?.personal as { firstname?: string; lastname?: string } | undefined;
    const name = [personal?.firstname, personal?.lastname].filter(Boolean).join(' ');
    return name || undefined;
  }

  async sendText(dialogId: string, message: string): Promise<number> {
    const { sequence } = await this.promises.publishEvent({ dialogId, event: { type: 'ContentEvent', contentType: 'text/plain', message } });
    return sequence;
  }

  private async setUp(): Promise<void> {
    try {
      await this.promises.setAgentState({ availability: 'ONLINE' });
      await this.promises.subscribeRoutingTasks({});
      // Only the bot's own conversations: they appear once a ring is accepted.
      await this.promises.subscribeExConversations({ agentIds: [this.agentId as string], convState: ['OPEN'] });
      this.log(`[${this.constructor.name}] ONLINE as ${this.agentId}`);
    } catch (err) {
      this.log(`[${this.constructor.name}] set-up failed: ${reason(err)}`);
    }
  }

  private acceptRings(body: RoutingTaskNotification): void {
    for (const change of body.changes) {
      if (change.type !== 'UPSERT') continue;
      for (const ring of change.result.ringsDetails) {
        if (ring.ringState !== 'WAITING') continue;
        this.promises
          .updateRingState({ ringId: ring.ringId, ringState: 'ACCEPTED' })
          .catch((err) => this.log(`[${this.constructor.name}] could not accept a ring: ${reason(err)}`));
      }
    }
  }

  private onConversations(body: ExConversationChangeNotification): void {
    for (const change of body.changes) {
      const convId = change.result.convId;
      if (change.type === 'DELETE') {
        this.mine.delete(convId); // closed, or transferred away
      } else if (!this.mine.has(convId)) {
        this.mine.set(convId, new Set());
        const details = change.result.conversationDetails;
        const info = { conversationId: convId, consumerId: details.participants.find((p) => p.role === 'CONSUMER')?.id as string, skillId: details.skillId };
        // Before anything is awaited: listeners can get ready before the first message is emitted.
        this.emit(MyCoolAgent.NEW_CONVERSATION, info);
        void this.begin(info);
      }
    }
  }

  private async begin(info: NewConversationInfo): Promise<void> {
    try {
      const welcome = this.welcome(await this.consumerName(info.consumerId).catch(() => undefined));
      if (welcome !== undefined) await this.sendText(info.conversationId, welcome);
      // What the consumer wrote before the bot joined arrives as one notification in response.
      await this.promises.subscribeMessagingEvents({ dialogId: info.conversationId });
    } catch (err) {
      this.log(`[${this.constructor.name}] could not start conversation ${info.conversationId}: ${reason(err)}`);
    }
  }

  private onMessages(body: MessagingEventNotification): void {
    const handled = this.mine.get(body.dialogId);
    if (!handled) return; // not (or no longer) one of mine
    // Messages the bot already marked READ (seen in the history) need no second answer.
    for (const change of body.changes) {
      if (change.event.type === 'AcceptStatusEvent' && change.originatorMetadata?.id === this.agentId) {
        change.event.sequenceList.forEach((seq) => handled.add(seq));
      }
    }
    for (const change of body.changes) {
      const { event, sequence } = change;
      if (event.type !== 'ContentEvent' || change.originatorMetadata?.role !== 'CONSUMER' || typeof sequence !== 'number') continue;
      // Live events and the history overlap: each message is handled once.
      if (handled.has(sequence) || typeof event.message !== 'string') continue;
      handled.add(sequence);
      this.promises
        .publishEvent({ dialogId: body.dialogId, event: { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [sequence] } })
        .catch((err) => this.log(`[${this.constructor.name}] could not mark ${sequence} read: ${reason(err)}`));
      const info: ContentEventInfo = {
        conversationId: change.conversationId ?? body.dialogId,
        dialogId: body.dialogId,
        sequence,
        message: event.message,
        metadata: change.metadata ?? [],
      };
      this.emit(MyCoolAgent.CONTENT, info);
    }
  }
}
