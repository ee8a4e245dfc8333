import {
  Agent,
  type AgentConfig,
  type ConversationDetails,
  type ExConversationChangeNotification,
  type MessagingEventNotification,
  type RoutingTaskNotification,
} from 'node-agent-sdk';

type ConversationResult = ExConversationChangeNotification['changes'][number]['result'];

/** What the bot keeps of a conversation it follows. */
export interface MyConversation {
  convId?: string;
  conversationDetails?: ConversationDetails;
  consumerProfile?: unknown;
  lastContentEventNotification?: Record<string, unknown>;
}

/** What `Bot.Event.Content` carries. */
export interface BotContentEvent {
  dialogId: string;
  sequence: number;
  message: string;
  originator: { id: string; role: string } | undefined;
}

/** The sample's logger: level and text. */
export type BotLog = (level: 'error' | 'info' | 'silly', line: string) => void;

/**
 * LivePerson's extended-agent-class `Bot extends Agent`, step for step: on `connected` it starts
 * its keep-alive, subscribes to agent states, sets its initial state, subscribes to its own (or
 * all) open conversations and to routing; it re-emits routing, agent-state and conversation
 * notifications under its own names, follows each conversation (consumer profile, history),
 * marks consumer messages READ and emits them when it is the ASSIGNED_AGENT; on `closed` it
 * retries `reconnect()` every 10 s until connected again.
 */
export class Bot extends Agent {
  static get const() {
    return {
      CONTENT_NOTIFICATION: 'Bot.Event.Content',
      CONVERSATION_NOTIFICATION: 'Bot.Event.Conversation',
      ROUTING_NOTIFICATION: 'Bot.Event.Routing',
      AGENT_STATE_NOTIFICATION: 'Bot.Event.AgentState',
      CONNECTED: 'Bot.Connected',
      SOCKET_CLOSED: 'Bot.SocketClosed',
      ERROR: 'Bot.Error',
    } as const;
  }

  /**
   * The configuration from the environment: LP_ACCOUNT and one of LP_TOKEN; LP_USER and
   * LP_PASSWORD; LP_USERID and LP_ASSERTION; LP_USER, LP_APPKEY, LP_SECRET, LP_ACCESSTOKEN and
   * LP_ACCESSTOKENSECRET.
   */
  static get config(): AgentConfig {
    const env = process.env;
    if (!env.LP_ACCOUNT) throw new Error('missing accountId param');
    const conf: Record<string, string | undefined> = { accountId: env.LP_ACCOUNT };
    if (env.LP_TOKEN) {
      conf.token = env.LP_TOKEN;
    } else if (env.LP_PASSWORD) {
      Object.assign(conf, { username: env.LP_USER, password: env.LP_PASSWORD });
    } else if (env.LP_ASSERTION) {
      Object.assign(conf, { userId: env.LP_USERID, assertion: env.LP_ASSERTION });
    } else if (env.LP_APPKEY) {
      Object.assign(conf, { username: env.LP_USER, appKey: env.LP_APPKEY, secret: env.LP_SECRET, accessToken: env.LP_ACCESSTOKEN, accessTokenSecret: env.LP_ACCESSTOKENSECRET });
    } else {
      throw new Error('missing token or user/password or assertion or appKey/secret/accessToken/accessTokenSecret params');
    }
    return conf as unknown as AgentConfig;
  }

  /** The conversations the bot follows, by id (MessagingEventNotifications of others are ignored). */
  myConversations: Record<string, MyConversation> = {};
  private _pingClock: NodeJS.Timeout | undefined;
  private _retryConnection: NodeJS.Timeout | undefined;

  constructor(
    readonly config: AgentConfig,
    readonly initialState: 'ONLINE' | 'OCCUPIED' | 'AWAY' = 'ONLINE',
    readonly subscribeAllConversations = false,
    readonly clockPingInterval = 300000,
    /** Default: errors to console.error, the rest dropped (the sample's bot logger is at level warn). */
    protected readonly log: BotLog = (level, line) => (level === 'error' ? console.error(line) : undefined),
  ) {
    super(config);
    this.init();
  }

  /** The sample's intervals never stopped on dispose; this port stops them. */
  override dispose(): void {
    clearInterval(this._pingClock);
    clearInterval(this._retryConnection);
    super.dispose();
  }

  private init(): void {
    const log = this.log;
    const report = (what: string) => (e: unknown, resp?: unknown) => {
      if (e) log('error', `[bot.js] ${what}: ${JSON.stringify(e)}`);
      else log('info', `[bot.js] ${what}: ${JSON.stringify(resp)}`);
    };

    this.on('connected', (message) => {
      clearInterval(this._retryConnection);
      log('info', `[bot.js] connected: ${JSON.stringify(message)}`);
      this.emit(Bot.const.CONNECTED, message);
      this._pingClock = setInterval(() => this._getClock(), this.clockPingInterval);
      this.subscribeAgentsState({}, report('subscribeAgentsState'));
      this.setAgentState({ availability: this.initialState }, report('setAgentState'));
      const convSubParams: { convState: ['OPEN']; agentIds?: string[] } = { convState: ['OPEN'] };
      if (!this.subscribeAllConversations) convSubParams.agentIds = [this.agentId as string];
      this.subscribeExConversations(convSubParams, report('subscribeExConversations'));
      this.subscribeRoutingTasks({}, report('subscribeRoutingTasks'));
      log('info', `[bot.js] agentId: ${this.agentId}`);
    });

    this.on('routing.RoutingTaskNotification', (body) => {
      log('info', `[bot.js] routing.RoutingTaskNotification: ${JSON.stringify(body)}`);
      this.emit(Bot.const.ROUTING_NOTIFICATION, body);
    });

    this.on('routing.AgentStateNotification', (body) => {
      log('info', `[bot.js] routing.AgentStateNotification: ${JSON.stringify(body)}`);
      this.emit(Bot.const.AGENT_STATE_NOTIFICATION, body);
    });

    this.on('cqm.ExConversationChangeNotification', (body) => {
      log('info', `[bot.js] cqm.ExConversationChangeNotification: ${JSON.stringify(body)}`);
      body.changes.forEach((change) => {
        if (change.type === 'UPSERT') {
          // First sight: follow it (consumer profile, history).
          if (!this.isInMyConversationsList(change.result.convId)) {
            this.addToMyConversations(change.result.convId);
            this.myConversations[change.result.convId].consumerProfile = this.getConsumerProfile(change.result.convId, change.result.conversationDetails);
            this.subscribeMessagingEvents({ dialogId: change.result.convId }, (e: unknown) => {
              if (e) log('error', `[bot.js] subscribeMessagingEvents: ${JSON.stringify(e)}`);
              else log('info', '[bot.js] subscribeMessagingEvents: success');
            });
          }
          this.updateMyConversation(change.result.convId, change.result);
        } else if (change.type === 'DELETE') {
          delete this.myConversations[change.result.convId];
        }
      });
      this.emit(Bot.const.CONVERSATION_NOTIFICATION, body);
    });

    this.on('ms.MessagingEventNotification', (body) => this.onMessagingNotification(body));

    const handledMessageTypes = ['cqm.ExConversationChangeNotification', 'ms.MessagingEventNotification', 'routing.RoutingTaskNotification', 'routing.AgentStateNotification'];
    this.on('notification', (msg: { type: string }) => {
      if (!handledMessageTypes.includes(msg.type)) log('error', `[bot.js] Got an unhandled message: ${msg.type} ${JSON.stringify(msg)}`);
    });

    this.on('error', (err) => {
      log('error', `[bot.js] Got an unhandled error: ${JSON.stringify(err)}`);
      this.emit(Bot.const.ERROR, err);
    });

    this.on('closed', (data) => {
      clearInterval(this._pingClock);
      log('info', `[bot.js] socket closed: ${JSON.stringify(data)}`);
      this._retryConnection = setInterval(() => {
        log('info', '[bot.js] reconnecting');
        this.reconnect();
      }, 10000);
    });
  }

  private onMessagingNotification(body: MessagingEventNotification): void {
    const respond: Record<string, BotContentEvent> = {};
    body.changes.forEach((change) => {
      if (!this.isInMyConversationsList(change.dialogId)) return;
      if (change.event.type === 'ContentEvent' && change.originatorId !== this.agentId) {
        respond[`${body.dialogId}-${change.sequence}`] = {
          dialogId: body.dialogId,
          sequence: change.sequence as number,
          message: change.event.message as string,
          originator: change.originatorMetadata,
        };
      }
      if (change.event.type === 'AcceptStatusEvent' && change.originatorId === this.agentId) {
        change.event.sequenceList.forEach((seq) => delete respond[`${body.dialogId}-${seq}`]);
      }
    });
    // Only the assigned agent reads and answers; as MANAGER or READER the bot only watches.
    const conversation = this.myConversations[body.dialogId];
    if (conversation && this.isPIDaParticipant(conversation.conversationDetails as ConversationDetails) === 'ASSIGNED_AGENT') {
      Object.keys(respond).forEach((key) => {
        const contentEvent = respond[key];
        this.markAsRead(contentEvent.dialogId, [contentEvent.sequence]);
        this.emit(Bot.const.CONTENT_NOTIFICATION, contentEvent);
      });
    }
  }

  /** Asks for the consumer's profile and logs it (returns nothing, as in the sample). */
  getConsumerProfile(conversationId: string, conversationDetails: ConversationDetails): undefined {
    const consumerId = conversationDetails.participants.filter((p) => p.role === 'CONSUMER')[0].id;
    this.getUserProfile(consumerId, (e: unknown, resp: unknown) => {
      if (e) this.log('error', `[bot.js] getUserProfile: ${JSON.stringify(e)}`);
      else this.log('info', `[bot.js] conversation ${conversationId} consumerProfile ${JSON.stringify(resp)}`);
    });
    return undefined;
  }

  /** Accepts every WAITING ring of a routing notification. */
  acceptWaitingConversations(data: RoutingTaskNotification): void {
    data.changes.forEach((change) => {
      if (change.type !== 'UPSERT') return;
      change.result.ringsDetails.forEach((ring) => {
        if (ring.ringState !== 'WAITING') return;
        this.updateRingState({ ringId: ring.ringId, ringState: 'ACCEPTED' }, (e: unknown, resp: unknown) => {
          if (e) this.log('error', `[bot.js] acceptWaitingConversations ${JSON.stringify(e)}`);
          else this.log('info', `[bot.js] acceptWaitingConversations: Joined conversation ${JSON.stringify(change.result.conversationId)}, ${JSON.stringify(resp)}`);
        });
      });
    });
  }

  /** Joins with a role (READER, MANAGER or ASSIGNED_AGENT); says `<role> joined` unless READER or `announce` is false. */
  joinConversation(conversationId: string, role: string, announce = true): false | undefined {
    if (!/^(READER|MANAGER|ASSIGNED_AGENT)$/.test(role)) return false;
    this.updateConversationField({ conversationId, conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role }] }, (e: unknown, resp: unknown) => {
      if (e) {
        this.log('error', `[bot.js] joinConversation ${JSON.stringify(e)}`);
        return;
      }
      this.log('info', `[bot.js] acceptWaitingConversations: Joined conversation ${JSON.stringify(conversationId)}, ${JSON.stringify(resp)}`);
      if (announce && role !== 'READER') {
        this.publishEvent({ dialogId: conversationId, event: { type: 'ContentEvent', contentType: 'text/plain', message: `${role} joined` } });
      }
    });
    return undefined;
  }

  sendText(conversationId: string, message: { toString(): string }): void {
    this.log('silly', `[bot.js] sending text ${message} to conversation ${conversationId}`);
    this.publishEvent({ dialogId: conversationId, event: { type: 'ContentEvent', contentType: 'text/plain', message: message.toString() } }, (e: unknown) => {
      if (e) this.log('error', `[bot.js] sendText ${message} ${JSON.stringify(e)}`);
    });
  }

  /** A structured content card; `card.id` goes in an ExternalId metadata, for reporting. */
  sendRichContent(conversationId: string, card: { id: string; content: Record<string, unknown> }): void {
    this.publishEvent({ dialogId: conversationId, event: { type: 'RichContentEvent', content: card.content } }, null, [{ type: 'ExternalId', id: card.id }], (e: unknown) => {
      if (e) this.log('error', `[bot.js] sendRichContent card ${card.id} ${JSON.stringify(e)} ${JSON.stringify(card.content)}`);
    });
  }

  markAsRead(conversationId: string, sequenceArray: number[]): void {
    this.publishEvent({ dialogId: conversationId, event: { type: 'AcceptStatusEvent', status: 'READ', sequenceList: sequenceArray } }, (e: unknown) => {
      if (e) this.log('error', `[bot.js] markAsRead ${JSON.stringify(e)}`);
    });
  }

  /** Back to the queue of another skill: the bot leaves and the skill changes. */
  transferConversation(conversationId: string, targetSkillId: string): void {
    this.log('info', `[bot.js] transferring conversation ${conversationId} to skill ${targetSkillId}`);
    this.updateConversationField(
      {
        conversationId,
        conversationField: [
          { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT' },
          { field: 'Skill', type: 'UPDATE', skill: targetSkillId },
        ],
      },
      (e: unknown) => {
        if (e) this.log('error', `[bot.js] transferConversation ${JSON.stringify(e)}`);
      },
    );
  }

  removeParticipant(conversationId: string, role: string): void {
    this.log('info', `[bot.js] leaving conversation ${conversationId}`);
    this.updateConversationField({ conversationId, conversationField: [{ field: 'ParticipantsChange', type: 'REMOVE', role }] }, (e: unknown) => {
      if (e) this.log('error', `[bot.js] leaveConversation ${JSON.stringify(e)}`);
    });
  }

  closeConversation(conversationId: string): void {
    this.updateConversationField({ conversationId, conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }] }, (e: unknown) => {
      if (e) this.log('error', `[bot.js] closeConversation ${JSON.stringify(e)}`);
    });
  }

  /** The role of a participant (default: the bot) in a conversation, or undefined. */
  isPIDaParticipant(conversationDetails: ConversationDetails, pid = this.agentId): string | undefined {
    const participant = conversationDetails.participants.filter((p) => p.id === pid)[0];
    return participant && participant.role;
  }

  isInMyConversationsList(conversationId: string): boolean {
    return !!this.myConversations[conversationId];
  }

  addToMyConversations(conversationId: string): void {
    this.myConversations[conversationId] = {};
  }

  updateMyConversation(conversationId: string, result: ConversationResult): void {
    const oldData = this.myConversations[conversationId] || {};
    const newData: MyConversation = { convId: result.convId, conversationDetails: result.conversationDetails, consumerProfile: oldData.consumerProfile };
    const last = result.lastContentEventNotification as Record<string, any> | undefined;
    if (last) {
      newData.lastContentEventNotification = {
        sequence: last.sequence,
        serverTimestamp: last.serverTimestamp,
        originatorId: last.originatorId,
        originatorPId: last.originatorPId,
        originatorMetadata: { role: last.originatorMetadata.role },
        event: { type: last.event.type },
      };
    }
    this.myConversations[conversationId] = newData;
  }

  /** Keep-alive: the server clock, compared with the local one. */
  private _getClock(): void {
    const before = new Date();
    this.getClock({}, (e: unknown, resp?: { currentTime: number }) => {
      if (e) this.log('error', `[bot.js] getClock: ${JSON.stringify(e)}`);
      else this.log('silly', `[bot.js] getClock: request took ${Date.now() - before.getTime()}ms, diff = ${(resp as { currentTime: number }).currentTime - Date.now()}`);
    });
  }
}
