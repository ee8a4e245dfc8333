import {
  Agent,
  type AgentConfig,
  type ConversationDetails,
  type Dialog,
  type ExConversationChangeNotification,
  type MessagingEventNotification,
  type Metadata,
  type ProfileSDE,
} from 'node-agent-sdk';

type ConversationResult = ExConversationChangeNotification['changes'][number]['result'];

/** The sample's configuration: the agent's, plus its app installation id (`APP_INST`). */
export interface SurveyBotConfig extends AgentConfig {
  /** A name the sample prints in its logs (`conf.id`). */
  id?: string;
  appInstall?: string;
}

/** What `MySurveyBot.SURVEY` carries: a survey dialog to start. */
export interface SurveyEvent {
  dialogId: string;
  conversationId: string;
  /** The consumer's `personal` profile SDE, if any. */
  profile: ProfileSDE | undefined;
}

/** What `MySurveyBot.ContentEvent` and `MySurveyBot.ACTION` carry. */
export interface SurveyContentEvent {
  type: string;
  conversationId: string | undefined;
  dialogId: string;
  sequence: number;
  message: unknown;
  metadata: Metadata | null | undefined;
}

/**
 * LivePerson's MySurveyBot, step for step: ONLINE, watching the conversations at stage OPEN; for
 * each POST_SURVEY dialog of its app installation it emits `MySurveyBot.SURVEY` (with the
 * consumer's profile when it is not a participant yet) and reads the dialog's history; each
 * consumer message or ACTION receipt in those dialogs is marked READ and emitted as
 * `MySurveyBot.ContentEvent` or `MySurveyBot.ACTION`. It does not reconnect on `closed`.
 */
export class MySurveyBot extends Agent {
  readonly CONTENT_NOTIFICATION = 'MySurveyBot.ContentEvent';
  readonly ACTION_NOTIFICATION = 'MySurveyBot.ACTION';
  readonly SURVEY = 'MySurveyBot.SURVEY';

  /** Survey dialogs of this bot, by dialog id. */
  readonly openSurveyDialogs: Record<string, { dialog: Dialog; conversationId: string }> = {};
  declare readonly conf: SurveyBotConfig;
  private _pingClock: NodeJS.Timeout | undefined;

  constructor(
    conf: SurveyBotConfig,
    protected readonly log: (...args: unknown[]) => void = console.log,
  ) {
    super(conf);
    this.on('connected', (msg) => this.onConnected(msg));
    this.on('cqm.ExConversationChangeNotification', (body) => this.onConversationNotification(body));
    this.on('ms.MessagingEventNotification', (body) => this.onMessagingNotification(body));
    this.on('error', (err) => this.log('got an error', err));
    this.on('closed', (data) => {
      this.log('socket closed', data);
      clearInterval(this._pingClock);
    });
  }

  /** The sample's keep-alive interval never stopped on dispose; this port stops it. */
  override dispose(): void {
    clearInterval(this._pingClock);
    super.dispose();
  }

  private onConnected(msg: unknown): void {
    this.log('connected...', this.conf.id || '', msg);
    this.setAgentState({ availability: 'ONLINE' });
    this.subscribeExConversations({ stage: ['OPEN'] }, (e: unknown, resp: unknown) => this.log('subscribeExConversations', this.conf.id || '', resp || e));
    this._pingClock = setInterval(this.getClock as () => void, 30000);
  }

  private onConversationNotification(notificationBody: ExConversationChangeNotification): void {
    notificationBody.changes.forEach((change) => {
      const dialogs = change.result.conversationDetails.dialogs.filter((dialog) => dialog.dialogType === 'POST_SURVEY');
      if (dialogs.length === 0) return;
      const dialog = dialogs[0];
      if (change.type === 'UPSERT') {
        this.onUpsertPostSurveyDialog(change.result, dialog);
      } else if (change.type === 'DELETE') {
        if (!Object.prototype.hasOwnProperty.call(this.openSurveyDialogs, dialog.dialogId)) return;
        delete this.openSurveyDialogs[dialog.dialogId]; // closed or transferred
      }
    });
  }

  private onUpsertPostSurveyDialog(conversation: ConversationResult, dialog: Dialog): void {
    if (Object.prototype.hasOwnProperty.call(this.openSurveyDialogs, dialog.dialogId)) return;
    // Only the dialogs of this bot's app installation.
    const metaData = dialog.metaData as { appInstallId?: string } | undefined;
    if (!metaData || metaData.appInstallId !== this.conf.appInstall) {
      // As in the sample, the warning reads metaData even when it is missing (and throws then).
      this.log(`invalid appInstallId on dialog: ${dialog.dialogId} ${(metaData as { appInstallId?: string }).appInstallId} != ${this.conf.appInstall}`);
      return;
    }
    this.openSurveyDialogs[dialog.dialogId] = { dialog, conversationId: conversation.convId };
    if (!getParticipantInfo(conversation.conversationDetails, this.agentId)) {
      const consumerId = conversation.conversationDetails.participants.filter((p) => p.role === 'CONSUMER')[0].id;
      this.getUserProfile(consumerId, (e: unknown, profileResp?: ProfileSDE[]) => {
        const profile = (profileResp as ProfileSDE[]).filter((p) => p.type === 'personal')[0];
        this.emit(this.SURVEY, { dialogId: dialog.dialogId, conversationId: conversation.convId, profile } satisfies SurveyEvent);
      });
    }
    this.subscribeMessagingEvents({ dialogId: dialog.dialogId });
  }

  private onMessagingNotification(body: MessagingEventNotification): void {
    const respond: Record<string, SurveyContentEvent> = {};
    body.changes.forEach((c) => {
      if (!this.openSurveyDialogs[c.dialogId]) return; // not one of this bot's survey dialogs
      const event = c.event;
      if ((event.type === 'ContentEvent' || (event.type === 'AcceptStatusEvent' && event.status === 'ACTION')) && c.originatorId !== this.agentId) {
        respond[`${body.dialogId}-${c.sequence}`] = {
          type: event.type,
          conversationId: c.conversationId,
          dialogId: body.dialogId,
          sequence: c.sequence as number,
          message: (event as { message?: unknown }).message,
          metadata: c.metadata,
        };
      }
      // Already read by the bot: nothing to answer.
      if (event.type === 'AcceptStatusEvent' && c.originatorId === this.agentId) {
        event.sequenceList.forEach((seq) => delete respond[`${body.dialogId}-${seq}`]);
      }
    });
    Object.keys(respond).forEach((key) => {
      const contentEvent = respond[key];
      this.publishEvent({
        conversationId: contentEvent.conversationId,
        dialogId: contentEvent.dialogId,
        event: { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [contentEvent.sequence] },
      });
      this.emit(contentEvent.type === 'AcceptStatusEvent' ? this.ACTION_NOTIFICATION : this.CONTENT_NOTIFICATION, contentEvent);
    });
  }
}

function getParticipantInfo(convDetails: ConversationDetails, participantId: string | undefined) {
  return convDetails.participants.filter((p) => p.id === participantId)[0];
}
