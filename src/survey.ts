import { HttpClient } from './http';
import type { HttpRequest } from './http';
import { SDKError } from './errors';

/** Options of {@link AgentSurveyClient}. */
export interface AgentSurveyClientOptions {
  /** Host of the `runtimeFormLogic` CSDS service. */
  rflDomain: string;
  /** LivePerson account (site) id. */
  accountId: string;
  /** Bearer token, e.g. `agent.getBearerToken()`. */
  token: string;
  /** Extra CA certificate(s) to trust, as for the Agent. Default none. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** ms per call. Default 30000. */
  httpTimeout?: number;
}

/** An HTTP answer, shaped as the original client returned it (`status`, `data`, `headers`). */
export interface SurveyResponse {
  status: number;
  statusText: string;
  data: any;
}

/**
 * The agent-survey REST API (agent_survey forms): read the survey state, submit, dismiss, read
 * the full form. Like the original, an HTTP error status resolves with that response; only a
 * call that got no response at all rejects (with an SDKError).
 */
export class AgentSurveyClient {
  readonly rflDomain: string;
  readonly accountId: string;
  token: string;
  private readonly http: HttpClient;

  constructor(options: AgentSurveyClientOptions) {
    this.rflDomain = options.rflDomain;
    this.accountId = options.accountId;
    this.token = options.token;
    this.http = new HttpClient({ ca: options.ca, httpTimeout: options.httpTimeout });
  }

  /** The survey's state for a conversation (GET …/forms/agent_survey/state). */
  getAgentSurveyState(conversationId: string, skillId: string): Promise<SurveyResponse> {
    return this.call({ method: 'GET', url: this.stateUrl(conversationId, skillId) });
  }

  /** Submits the answers; `stateRevision` is the revision of the state they answer. */
  submitAgentSurvey(conversationId: string, skillId: string, stateRevision: string | number, submitBody: unknown): Promise<SurveyResponse> {
    return this.call({ method: 'POST', url: this.stateUrl(conversationId, skillId), json: submitBody }, { 'x-lp-state-rev': String(stateRevision) });
  }

  /** Dismisses the survey; `stateRevision` as for submitting. */
  dismissAgentSurvey(conversationId: string, skillId: string, stateRevision: string | number): Promise<SurveyResponse> {
    return this.call({ method: 'DELETE', url: this.stateUrl(conversationId, skillId) }, { 'x-lp-state-rev': String(stateRevision) });
  }

  /** The whole form; `isSequence` defaults to true (the original turned an explicit false into true), `seqRoot` is added when given. */
  getAgentSurvey(conversationId: string, skillId: string, seqRoot?: string, isSequence?: boolean): Promise<SurveyResponse> {
    let url = `${this.base()}/forms/agent_survey?conv=${conversationId}&skill=${skillId}&v=2.0&seq=${isSequence ?? true}`;
    if (seqRoot) url += `&seqRoot=${seqRoot}`;
    return this.call({ method: 'GET', url });
  }

  private base(): string {
    return `https://${this.rflDomain}/api/account/${this.accountId}`;
  }

  private stateUrl(conversationId: string, skillId: string): string {
    return `${this.base()}/forms/agent_survey/state?conv=${conversationId}&skill=${skillId}&v=2.0`;
  }

  private async call(request: HttpRequest, extraHeaders: Record<string, string> = {}): Promise<SurveyResponse> {
    try {
      const res = await this.http.send({ ...request, headers: { Authorization: `Bearer ${this.token}`, ...extraHeaders } });
      return { status: res.status, statusText: res.statusText, data: res.body };
    } catch (cause) {
      throw new SDKError(`Error on agent survey request: ${(cause as Error).message}`, null, null, cause);
    }
  }
}
