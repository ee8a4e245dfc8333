import { Agent, AgentSurveyClient, type AgentConfig, type AgentSurveyClientOptions } from 'node-agent-sdk';

/** `{conversationId, skillId}`: the payload of the bot's survey events. */
export interface SurveyEvent {
  conversationId: string;
  skillId: string;
}

/** A consumer message (or ACTION) the bot read, as it emits it. */
export interface ContentEventInfo {
  type: string;
  conversationId: string;
  dialogId: string;
  sequence: number;
  message: unknown;
  metadata: unknown;
}

/** What `getAgentSurvey` gives back: the state read with GET state. */
export interface SurveyState {
  status: number;
  questions?: any[];
  stateRevision?: number;
  agentSurveyStatus?: string;
  rootId?: number;
}

/**
 * LivePerson's agent-survey sample bot: an agent that accepts every ring, reads receipts and
 * echoes nothing, and drives the agent survey of its conversations through the agent survey
 * runtime API. It emits `AgentSurveyBot.GetSurvey` when a ring arrives, `AgentSurveyBot.SubmitSurvey`
 * when a conversation closes or the consumer writes "submit", `AgentSurveyBot.DismissSurvey` when
 * the consumer writes "dismiss"; main.ts reacts to them. It reads the runtime API's answers exactly
 * as the sample does (`data.questions`, `data.agentSurveyContext.*`, `data.stateRevision`,
 * `data.root`; the flat `data.agentSurveyStatus` after a dismiss).
 */
export class AgentSurveyBot extends Agent {
  readonly CONTENT_NOTIFICATION = 'AgentSurveyBot.ContentEvent';
  readonly ACTION_NOTIFICATION = 'AgentSurveyBot.ACTION';
  readonly GET_SURVEY = 'AgentSurveyBot.GetSurvey';
  readonly SUMBIT_SURVEY = 'AgentSurveyBot.SubmitSurvey';
  readonly DISMISS_SURVEY = 'AgentSurveyBot.DismissSurvey';

  /** The sample kept these two at module level; one bot per process, so per instance here. */
  private agentSurveyClient: AgentSurveyClient | undefined;
  private readonly surveyData = new Map<string, string>();
  _pingClock: NodeJS.Timeout | undefined;

  constructor(
    conf: AgentConfig,
    readonly log: (...args: unknown[]) => void = console.log,
  ) {
    super(conf);
    this.init();
  }

  /** The sample's keep-alive interval never stopped on dispose; this port stops it. */
  override dispose(): void {
    clearInterval(this._pingClock);
    super.dispose();
  }

  init(): void {
    const openConvs: Record<string, object> = {};
    // The sample keeps its own fields on the agent's conf: `id` (never set, so it logs '') and `rflDomain`.
    const conf = this.conf as AgentConfig & { id?: string; rflDomain?: string };

    this.on('connected', (msg) => {
      this.log('connected...', conf.id || '', msg);
      this.setAgentState({ availability: 'ONLINE' });
      this.subscribeExConversations({ agentIds: [this.agentId as string], convState: ['OPEN'] }, (e: unknown, resp: unknown) =>
        this.log('subscribeExConversations', conf.id || '', resp || e),
      );
      this.subscribeRoutingTasks({});
      this._pingClock = setInterval(this.getClock as () => void, 30000);
    });

    // Accept any routingTask (== ring)
    this.on('routing.RoutingTaskNotification', (body) => {
      this.log('Agent survey client created');
      body.changes.forEach((c) => {
        // On a cache hit this calls back at once (as the original SDK did): the client exists
        // before the GetSurvey event below is handled.
        this.csdsClient.getAll((err, domains) => {
          conf.rflDomain = domains?.runtimeFormLogic;
          // As the sample: the bearer goes into the agent's own conf, so a later reconnect() logs in with it.
          this.conf.token = this.token;
          this.agentSurveyClient = new AgentSurveyClient(this.conf as unknown as AgentSurveyClientOptions);
        });
        if (c.type === 'UPSERT') {
          const surveyEvent: SurveyEvent = { conversationId: c.result.conversationId, skillId: c.result.skillId };
          this.surveyData.set(c.result.conversationId, c.result.skillId);
          c.result.ringsDetails.forEach((r) => {
            if (r.ringState === 'WAITING') {
              // As the sample: the event is emitted while the arguments are built, and its result (true) goes as `headers`.
              this.updateRingState({ ringId: r.ringId, ringState: 'ACCEPTED' }, this.emit(this.GET_SURVEY, surveyEvent), (e: unknown, resp: unknown) =>
                this.log(resp),
              );
            }
          });
        }
      });
    });

    this.on('cqm.ExConversationChangeNotification', (notificationBody) => {
      notificationBody.changes.forEach((change) => {
        if (change.type === 'DELETE') {
          const submitEvent: SurveyEvent = { conversationId: change.result.convId, skillId: change.result.conversationDetails.skillId };
          this.emit(this.SUMBIT_SURVEY, submitEvent);
        }
        openConvs[change.result.convId] = {};
      });
    });

    // Mark every unread consumer message as read, and act on "submit" and "dismiss"
    this.on('ms.MessagingEventNotification', (body) => {
      const respond: Record<string, ContentEventInfo> = {};
      body.changes.forEach((c: any) => {
        if (openConvs[c.dialogId]) {
          if ((c.event.type === 'ContentEvent' || (c.event.type === 'AcceptStatusEvent' && c.event.status === 'ACTION')) && c.originatorId !== this.agentId) {
            respond[`${body.dialogId}-${c.sequence}`] = {
              type: c.event.type,
              conversationId: c.conversationId,
              dialogId: body.dialogId,
              sequence: c.sequence,
              message: c.event.message,
              metadata: c.metadata,
            };
          }
          if (c.event.type === 'AcceptStatusEvent' && c.originatorId === this.agentId) {
            c.event.sequenceList.forEach((seq: number) => delete respond[`${body.dialogId}-${seq}`]);
          }
        }
      });

      Object.keys(respond).forEach((key) => {
        const contentEvent = respond[key];
        this.publishEvent({
          conversationId: contentEvent.conversationId,
          dialogId: contentEvent.dialogId,
          event: { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [contentEvent.sequence] },
        });
        if (contentEvent.type === 'AcceptStatusEvent') {
          this.emit(this.ACTION_NOTIFICATION, contentEvent);
        } else {
          this.emit(this.CONTENT_NOTIFICATION, contentEvent);
          const surveyContent = { conversationId: contentEvent.conversationId, skillId: this.surveyData.get(contentEvent.conversationId) };
          if (contentEvent.message === 'dismiss') this.emit(this.DISMISS_SURVEY, surveyContent);
          else if (contentEvent.message === 'submit') this.emit(this.SUMBIT_SURVEY, surveyContent);
        }
      });
    });

    this.on('error', (err) => this.log('got an error', err));
    this.on('closed', (data) => {
      this.log('socket closed', data);
      clearInterval(this._pingClock);
    });
  }

  async getAgentSurvey(conversationId: string, skillId: string): Promise<SurveyState> {
    const getResponse = await this.client().getAgentSurveyState(conversationId, skillId);
    if (getResponse.status !== 200) {
      // The sample looks for a stateRevision on the response itself, which never has one.
      const result: SurveyState = { status: getResponse.status };
      if ((getResponse as { stateRevision?: number }).stateRevision) result.stateRevision = getResponse.data.agentSurveyContext.stateRevision;
      return result;
    }
    this.log('>>> Survey was received');
    return {
      questions: getResponse.data.questions,
      stateRevision: getResponse.data.agentSurveyContext.stateRevision,
      agentSurveyStatus: getResponse.data.agentSurveyContext.agentSurveyStatus,
      rootId: getResponse.data.root,
      status: getResponse.status,
    };
  }

  async submitSurvey(stateRevision: number, answerArray: unknown[], conversationId: string, skillId: string): Promise<SurveyState> {
    const submitResponse = await this.client().submitAgentSurvey(conversationId, skillId, stateRevision, answerArray);
    if (submitResponse.status !== 200) {
      const result: SurveyState = { status: submitResponse.status };
      if ((submitResponse as { stateRevision?: number }).stateRevision) result.stateRevision = (submitResponse as { stateRevision?: number }).stateRevision;
      return result;
    }
    const result: SurveyState = {
      stateRevision: submitResponse.data.stateRevision,
      agentSurveyStatus: submitResponse.data.agentSurveyContext.agentSurveyStatus,
      status: submitResponse.status,
    };
    if (submitResponse.data.questions) {
      this.log('>>> Survey was submitted. Please continue with a new sequence');
      result.questions = submitResponse.data.questions;
    }
    return result;
  }

  async getNextSequence(rootSequenceId: string, isSequence: boolean, stateRevision: number, conversationId: string, skillId: string): Promise<SurveyState> {
    // The sample passes the revision too; the client takes no such argument and ignores it.
    void stateRevision;
    const getResponse = await this.client().getAgentSurvey(conversationId, skillId, rootSequenceId, isSequence);
    const result: SurveyState = { status: getResponse.status, agentSurveyStatus: getResponse.data.agentSurveyContext.agentSurveyStatus };
    if (getResponse.data.questions) result.questions = getResponse.data.questions;
    return result;
  }

  async dismiss(conversationId: string, skillId: string, stateRevision: number): Promise<SurveyState> {
    const dismissResponse = await this.client().dismissAgentSurvey(conversationId, skillId, stateRevision);
    return { status: dismissResponse.status, agentSurveyStatus: dismissResponse.data.agentSurveyStatus };
  }

  /** The client made on the last ring; like the sample's, it is undefined (and fails) before any ring. */
  private client(): AgentSurveyClient {
    return this.agentSurveyClient as AgentSurveyClient;
  }
}
