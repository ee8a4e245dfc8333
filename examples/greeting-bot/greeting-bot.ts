import { Agent, type AgentConfig, type ConversationDetails, type ExConversationChangeNotification } from 'node-agent-sdk';

type ConversationResult = ExConversationChangeNotification['changes'][number]['result'];

/**
 * LivePerson's greeting bot, step for step: stays AWAY (nothing is routed to it), watches every
 * open conversation of the account, joins each one it is not part of as MANAGER and says
 * `welcome from bot`; on `closed` it reconnects. The user needs the Agent Manager permission.
 */
export class GreetingBot extends Agent {
  /** Conversations seen, by id, until their DELETE. */
  readonly openConvs: Record<string, ConversationResult> = {};
  private _pingClock: NodeJS.Timeout | undefined;

  constructor(
    conf: AgentConfig,
    private readonly log: (...args: unknown[]) => void = console.log,
  ) {
    super(conf);
    this.on('connected', () => this.onConnected());
    this.on('cqm.ExConversationChangeNotification', (body) => this.onConversationNotification(body));
    this.on('error', (err) => this.log('got an error', err));
    this.on('closed', (data) => {
      this.log('socket closed', data);
      clearInterval(this._pingClock);
      this.reconnect(); // a new token, as 4401 and 4407 need
    });
  }

  /** The sample's keep-alive interval never stopped on dispose; this port stops it. */
  override dispose(): void {
    clearInterval(this._pingClock);
    super.dispose();
  }

  private onConnected(): void {
    this.log('connected...');
    this.setAgentState({ availability: 'AWAY' }); // nothing routed: the bot joins by itself
    this.subscribeExConversations({ convState: ['OPEN'] }); // every open conversation of the account
    this._pingClock = setInterval(this.getClock as () => void, 30000);
  }

  private onConversationNotification(notificationBody: ExConversationChangeNotification): void {
    notificationBody.changes.forEach((change) => {
      if (change.type === 'UPSERT') {
        if (this.openConvs[change.result.convId]) return; // seen already
        this.openConvs[change.result.convId] = change.result;
        if (!this.getParticipantInfo(change.result.conversationDetails, this.agentId)) this.joinConversation(change.result);
      } else if (change.type === 'DELETE') {
        delete this.openConvs[change.result.convId];
        this.log('conversation was closed.\n');
      }
    });
  }

  private joinConversation(conversation: ConversationResult): void {
    this.updateConversationField(
      { conversationId: conversation.convId, conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER' }] },
      // The greeting goes out whatever the join's answer, as in the sample.
      () => this.onConversationJoin(conversation),
    );
  }

  private onConversationJoin(conversation: ConversationResult): void {
    this.publishEvent({ dialogId: conversation.convId, event: { type: 'ContentEvent', contentType: 'text/plain', message: 'welcome from bot' } });
  }

  private getParticipantInfo(convDetails: ConversationDetails, participantId: string | undefined) {
    return convDetails.participants.filter((p) => p.id === participantId)[0];
  }
}

/** Options of the desk version of this bot (examples/desk/greeting-bot.ts). */
export interface GreetingBotOptions {
  /** What the desk bot says in each conversation it joins. Default {@link DEFAULT_GREETING}. */
  greeting?: string;
  /** Receives one line per thing worth telling. Default: console.log. */
  log?: (line: string) => void;
}

/** The desk version's greeting (the port above says the sample's `welcome from bot`). */
export const DEFAULT_GREETING = 'Welcome! Thanks for reaching out, an agent will be with you shortly.';
