import {
  Agent,
  type AgentConfig,
  type Availability,
  type ConversationDetails,
  type MessagingEventChange,
  type Role,
  type RoutingTaskNotification,
} from 'node-agent-sdk';
import { reason } from '../lib/rest';

/** A consumer message for the bot's own logic (already marked READ). */
export interface MessageInfo {
  dialogId: string;
  sequence: number;
  text: string;
}

export interface MyBotOptions {
  /** Availability after connecting: ONLINE takes conversations, AWAY only watches. Default ONLINE. */
  initialState?: Availability;
  /** Watch every open conversation of the account instead of only the bot's. Default false. */
  allConversations?: boolean;
  log?: (line: string) => void;
}

/**
 * Extending `Agent`: the subclass keeps the whole SDK (events, the sixteen requests, promises)
 * and adds the vocabulary of a bot: accept, join, send text or cards, transfer, close.
 * It emits `MyBot.MESSAGE` with a {@link MessageInfo} for each consumer message in its
 * conversations.
 */
export class MyBot extends Agent {
  static readonly MESSAGE = 'MyBot.Message';

  protected readonly log: (line: string) => void;
  /** The conversations the bot follows, with their latest details. */
  readonly conversations = new Map<string, ConversationDetails>();
  private readonly answered = new Set<string>();

  constructor(
    config: AgentConfig,
    private readonly options: MyBotOptions = {},
  ) {
    super(config);
    this.log = options.log ?? ((line: string) => console.log(line));
    this.on('connected', () => void this.setUp());
    this.on('routing.RoutingTaskNotification', (body) => this.acceptWaitingConversations(body));
    this.on('cqm.ExConversationChangeNotification', (body) => {
      for (const change of body.changes) {
        const convId = change.result.convId;
        if (change.type === 'DELETE') {
          this.conversations.delete(convId);
          this.answered.forEach((key) => key.startsWith(`${convId}:`) && this.answered.delete(key));
        } else {
          if (!this.conversations.has(convId)) this.follow(convId);
          this.conversations.set(convId, change.result.conversationDetails);
        }
      }
    });
    this.on('ms.MessagingEventNotification', (body) => body.changes.forEach((change) => this.onEvent(body.dialogId, change)));
    this.on('error', (err, context) => this.log(`[my-bot] error${context ? ` at ${context.location}` : ''}: ${reason(err)}`));
  }

  /** Accepts every WAITING ring of a routing notification. */
  acceptWaitingConversations(body: RoutingTaskNotification): void {
    for (const change of body.changes) {
      if (change.type !== 'UPSERT') continue;
      for (const ring of change.result.ringsDetails.filter((r) => r.ringState === 'WAITING')) {
        this.promises.updateRingState({ ringId: ring.ringId, ringState: 'ACCEPTED' }).catch((err) => this.log(`[my-bot] accept failed: ${reason(err)}`));
      }
    }
  }

  /** Joins a conversation the bot was not assigned (needs Agent Manager permissions for MANAGER/READER). */
  joinConversation(conversationId: string, role: 'MANAGER' | 'READER' | 'ASSIGNED_AGENT'): Promise<string> {
    return this.promises.updateConversationField({ conversationId, conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role }] });
  }

  async sendText(dialogId: string, text: string): Promise<number> {
    return (await this.promises.publishEvent({ dialogId, event: { type: 'ContentEvent', contentType: 'text/plain', message: text } })).sequence;
  }

  /** A structured content card; `externalId` names it in LivePerson's reports. */
  async sendRichContent(dialogId: string, content: Record<string, unknown>, externalId?: string): Promise<number> {
    const metadata = externalId ? [{ type: 'ExternalId', id: externalId }] : undefined;
    return (await this.promises.publishEvent({ dialogId, event: { type: 'RichContentEvent', content } }, { metadata })).sequence;
  }

  markAsRead(dialogId: string, sequences: number[]): Promise<{ sequence: number }> {
    return this.promises.publishEvent({ dialogId, event: { type: 'AcceptStatusEvent', status: 'READ', sequenceList: sequences } });
  }

  /** Back to the queue of another skill: the bot leaves and routing offers the conversation there. */
  transferConversation(conversationId: string, skillId: string): Promise<string> {
    return this.promises.updateConversationField({
      conversationId,
      conversationField: [
        { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT' },
        { field: 'Skill', type: 'UPDATE', skill: skillId },
      ],
    });
  }

  closeConversation(conversationId: string): Promise<string> {
    return this.promises.updateConversationField({ conversationId, conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }] });
  }

  /** The bot's role in a conversation, if it takes part. */
  roleIn(details: ConversationDetails): Role | undefined {
    return details.participants.find((p) => p.id === this.agentId)?.role;
  }

  private async setUp(): Promise<void> {
    try {
      await this.promises.setAgentState({ availability: this.options.initialState ?? 'ONLINE' });
      await this.promises.subscribeRoutingTasks({});
      const mineOnly = this.options.allConversations ? {} : { agentIds: [this.agentId as string] };
      await this.promises.subscribeExConversations({ convState: ['OPEN'], ...mineOnly });
      this.log(`[my-bot] ${this.options.initialState ?? 'ONLINE'}, watching ${this.options.allConversations ? 'all' : 'its own'} conversations`);
    } catch (err) {
      this.log(`[my-bot] set-up failed: ${reason(err)}`);
    }
  }

  private follow(conversationId: string): void {
    this.promises.subscribeMessagingEvents({ dialogId: conversationId }).catch((err) => this.log(`[my-bot] history of ${conversationId}: ${reason(err)}`));
  }

  private onEvent(dialogId: string, change: MessagingEventChange): void {
    const details = this.conversations.get(dialogId);
    // Only the assigned agent answers; as MANAGER or READER the bot just watches.
    if (!details || this.roleIn(details) !== 'ASSIGNED_AGENT') return;
    const { event, sequence } = change;
    if (event.type !== 'ContentEvent' || typeof event.message !== 'string' || change.originatorMetadata?.role !== 'CONSUMER') return;
    const key = `${dialogId}:${sequence}`;
    if (sequence === undefined || this.answered.has(key)) return;
    this.answered.add(key);
    this.markAsRead(dialogId, [sequence]).catch((err) => this.log(`[my-bot] read receipt failed: ${reason(err)}`));
    const info: MessageInfo = { dialogId, sequence, text: event.message };
    this.emit(MyBot.MESSAGE, info);
  }
}

/** The card `content` sends. */
export const PRODUCT_CARD = {
  type: 'vertical',
  elements: [
    { type: 'text', text: 'Analytical Engine', tooltip: 'product name', style: { bold: true, size: 'large' } },
    { type: 'text', text: 'Steam-powered, programmable, punched-card input.', tooltip: 'product description' },
    { type: 'button', tooltip: 'open the shop', title: 'Add to cart', click: { actions: [{ type: 'link', name: 'Add to cart', uri: 'https://example.com/engine' }] } },
  ],
};

export interface StartMyBotOptions extends MyBotOptions {
  /** Where `transfer` sends the conversation. */
  transferSkillId?: string;
}

/**
 * MyBot answering a few commands: `time`, `date`, `content` (a card), `transfer` (to
 * `transferSkillId`), `close`; anything else is repeated back.
 */
export function startMyBot(config: AgentConfig, options: StartMyBotOptions = {}): MyBot {
  const bot = new MyBot(config, options);
  bot.on(MyBot.MESSAGE, async ({ dialogId, text }: MessageInfo) => {
    try {
      switch (text.trim().toLowerCase()) {
        case 'time':
          await bot.sendText(dialogId, `It is ${new Date().toTimeString().slice(0, 8)}.`);
          break;
        case 'date':
          await bot.sendText(dialogId, `Today is ${new Date().toDateString()}.`);
          break;
        case 'content':
          await bot.sendRichContent(dialogId, PRODUCT_CARD, 'analytical-engine-card');
          break;
        case 'transfer':
          if (!options.transferSkillId) {
            await bot.sendText(dialogId, 'Sorry, there is nobody to transfer you to.');
            break;
          }
          await bot.sendText(dialogId, 'Transferring you to a colleague, one moment please.');
          await bot.transferConversation(dialogId, options.transferSkillId);
          break;
        case 'close':
          await bot.sendText(dialogId, 'Goodbye!');
          await bot.closeConversation(dialogId);
          break;
        default:
          await bot.sendText(dialogId, `You said "${text}".`);
      }
    } catch (err) {
      bot.emit('error', err, { location: 'MyBot#command' });
    }
  });
  return bot;
}
