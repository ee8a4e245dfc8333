import { Agent, type AgentConfig, type ExConversationChangeNotification } from 'node-agent-sdk';

/** What the bot knows of a conversation it saw. */
interface ConversationState {
  messages: Record<string, unknown>;
  consumerId: string | null;
  /** `offline` from a socket close until the conversation shows up again. */
  state: 'active' | 'offline';
}

type Change = ExConversationChangeNotification['changes'][number];

/**
 * Closes every open conversation of the account, as LivePerson's close-conversation sample does:
 * it subscribes to all OPEN conversations and answers each UPSERT with a close, without joining
 * the conversation first. The user needs LivePerson's Agent Manager permission (in the emulator:
 * an agent with `role: 'manager'`); a plain agent is refused with `Agent does not exist in
 * conversation`.
 */
export class CloseConversationBot extends Agent {
  readonly CONTENT_NOTIFICATION_LEGACY = 'CloseConversationBot.ContentEvnet';
  readonly CONTENT_NOTIFICATION = 'CloseConversationBot.ContentEvent';
  readonly NEW_CONVERSATION = 'CloseConversationBot.NewConversation';

  /** Conversations seen, by id; a successful close removes its entry. */
  readonly openConvs: Record<string, ConversationState> = {};
  private _pingClock: NodeJS.Timeout | undefined;

  constructor(
    conf: AgentConfig,
    private readonly log: (...args: unknown[]) => void = console.log,
  ) {
    super(conf);
    this.on('connected', (msg) => this.onConnected(msg));
    this.on('cqm.ExConversationChangeNotification', (body) => this.onConversationNotification(body));
    this.on('error', (err) => this.log('got an error', err));
    this.on('closed', (data) => {
      this.log('socket closed', data);
      clearInterval(this._pingClock);
      for (const key of Object.keys(this.openConvs)) this.openConvs[key].state = 'offline';
      this.reconnectWithMessages();
    });
  }

  /** The sample's keep-alive interval never stopped on dispose; this port stops it. */
  override dispose(): void {
    clearInterval(this._pingClock);
    super.dispose();
  }

  private onConnected(msg: unknown): void {
    // The original logs `conf.id`, which no configuration has (so it prints '').
    const id = (this.conf as AgentConfig & { id?: string }).id;
    this.log('connected...', id || '', msg);
    // Every open conversation of the account: no agentIds, which takes manager rights.
    this.subscribeExConversations({ convState: ['OPEN'] }, (e: unknown, resp: unknown) => this.log('subscribeExConversations', id || '', resp || e));
    this._pingClock = setInterval(this.getClock as () => void, 30000);
  }

  private reconnectWithMessages(): void {
    this.log('reconnecting');
    this.reconnect(); // a new token, as 4401 and 4407 need
  }

  private onConversationNotification(notificationBody: ExConversationChangeNotification): void {
    for (const change of notificationBody.changes) {
      if (change.type !== 'UPSERT') continue;
      this.log(`found convId: ${change.result.convId}`);
      const conversation = this.openConvs[change.result.convId];
      if (!conversation) {
        this.onNewConversation(change);
      } else if (conversation.state === 'offline') {
        conversation.state = 'active';
        this.log('conversation resumed after being online');
      }
      this.onCloseConversation(change);
    }
  }

  private onNewConversation(change: Change): void {
    this.openConvs[change.result.convId] = { messages: {}, consumerId: null, state: 'active' };
  }

  private onCloseConversation(change: Change): void {
    const convId = change.result.convId;
    this.log(`closing: ${convId}`);
    this.updateConversationField(
      { conversationId: convId, conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }] },
      (e: unknown, resp: unknown) => {
        if (e) this.log('close failed', e);
        else if (Object.prototype.hasOwnProperty.call(this.openConvs, convId)) delete this.openConvs[convId]; // closed or transferred
        this.log(resp);
      },
    );
  }
}
