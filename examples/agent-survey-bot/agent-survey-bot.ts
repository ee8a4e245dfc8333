import { AgentSurveyClient, type AgentConfig } from 'node-agent-sdk';
import { type ContentEventInfo, MyCoolAgent, type MyCoolAgentOptions, type NewConversationInfo } from '../agent-bot/my-cool-agent';
import { reason, serviceDomain } from '../lib/rest';

/** A question of the agent survey, as the runtime API returns it. */
export interface SurveyQuestion {
  id: number;
  category: string;
  containsLogic?: boolean;
  replies?: Array<{ id: number; text: string; next?: number }>;
}

/** An answer as the runtime API takes it: `show` (seen) or `answer` with a reply. */
export interface SurveyAnswer {
  id: number;
  questionStatus: 'show' | 'answer';
  replyIds?: number[];
  freeTextReply?: string | number;
}

/** `(outcome: SurveyOutcome)` after each submit or dismiss. */
export const SURVEY_DONE = 'AgentSurveyBot.SurveyDone';

export interface SurveyOutcome {
  conversationId: string;
  action: 'submit' | 'dismiss';
  /** The survey status afterwards (`submitted`, `dismissed`), or why nothing was done. */
  status: string;
}

/**
 * The answers the bot gives: free text and numbers get a value, dates are only shown, choices
 * take the first reply. A chosen reply with a `next` question roots the following sequence.
 */
export function answer(questions: SurveyQuestion[]): { answers: SurveyAnswer[]; next?: number } {
  let next: number | undefined;
  const answers = questions.map((q): SurveyAnswer => {
    if (q.category === 'free_text') return { id: q.id, questionStatus: 'answer', freeTextReply: 'Answered by the agent survey bot' };
    if (q.category === 'number') return { id: q.id, questionStatus: 'answer', freeTextReply: 1 };
    if (!q.replies?.length) return { id: q.id, questionStatus: 'show' };
    if (q.containsLogic) next = q.replies[0].next;
    return { id: q.id, questionStatus: 'answer', replyIds: [q.replies[0].id] };
  });
  return { answers, next };
}

/**
 * MyCoolAgent that fills in the agent survey (the wrap-up form of the skill) of each conversation
 * it takes, through the agent survey runtime API on the `runtimeFormLogic` host. The answers are
 * prepared when the conversation starts; the consumer's "submit" or "dismiss" (a stand-in for
 * what would really trigger it) submits or dismisses the survey, and a conversation that closes
 * with the survey still open gets it submitted.
 */
export class AgentSurveyBot extends MyCoolAgent {
  /** Conversation → its skill and the answers being prepared. */
  private readonly surveys = new Map<string, { skillId: string; answers: Promise<SurveyAnswer[]> }>();

  constructor(config: AgentConfig, options: MyCoolAgentOptions = {}) {
    super(config, { welcome: (name) => `Hello${name ? ` ${name}` : ''}! Say "submit" or "dismiss" when we are done.`, ...options });
    this.on(MyCoolAgent.NEW_CONVERSATION, (info: NewConversationInfo) => {
      const answers = this.prepare(info.conversationId, info.skillId);
      answers.catch((err) => this.log(`[agent-survey-bot] could not read the survey of ${info.conversationId}: ${reason(err)}`));
      this.surveys.set(info.conversationId, { skillId: info.skillId, answers });
    });
    this.on(MyCoolAgent.CONTENT, (info: ContentEventInfo) => void this.onCommand(info));
    this.on('cqm.ExConversationChangeNotification', (body) => {
      for (const change of body.changes) {
        const convId = change.result.convId;
        if (change.type === 'DELETE' && this.surveys.has(convId)) void this.finish(convId, 'submit').then(() => this.surveys.delete(convId));
      }
    });
  }

  /** A client with the current bearer (it changes when the session is renewed). */
  private async client(): Promise<AgentSurveyClient> {
    const rflDomain = await serviceDomain(this.conf, 'runtimeFormLogic');
    const token = this.getBearerToken() ?? this.conf.token;
    if (!token) throw new Error('no bearer token yet');
    return new AgentSurveyClient({ rflDomain, accountId: this.accountId, token, ca: this.conf.ca });
  }

  /** Reads the first sequence of the survey and answers it, then the sequence its logic leads to. */
  private async prepare(conversationId: string, skillId: string): Promise<SurveyAnswer[]> {
    const client = await this.client();
    const state = await client.getAgentSurveyState(conversationId, skillId);
    if (state.status !== 200) throw new Error(`the survey state answered ${state.status}`);
    const first = answer(state.data.questions);
    if (first.next === undefined) return first.answers;
    const sequence = await client.getAgentSurvey(conversationId, skillId, String(first.next));
    if (sequence.status !== 200) throw new Error(`the next sequence answered ${sequence.status}`);
    return [...first.answers, ...answer(sequence.data.questions).answers];
  }

  private async onCommand({ dialogId, message }: ContentEventInfo): Promise<void> {
    const command = message.trim().toLowerCase();
    if (command !== 'submit' && command !== 'dismiss') {
      await this.sendText(dialogId, 'Noted.').catch(() => undefined);
      return;
    }
    const outcome = await this.finish(dialogId, command);
    await this.sendText(dialogId, `Agent survey: ${outcome.status}.`).catch(() => undefined);
  }

  /** Submits or dismisses with the current state revision, unless the survey is no longer open. */
  private async finish(conversationId: string, action: 'submit' | 'dismiss'): Promise<SurveyOutcome> {
    const survey = this.surveys.get(conversationId);
    let status: string;
    try {
      if (!survey) throw new Error('not one of my conversations');
      const answers = await survey.answers;
      const client = await this.client();
      const state = await client.getAgentSurveyState(conversationId, survey.skillId);
      const { agentSurveyStatus, stateRevision } = state.data?.agentSurveyContext ?? {};
      if (state.status !== 200 || agentSurveyStatus !== 'open') {
        status = `already ${agentSurveyStatus ?? `unavailable (${state.status})`}`;
      } else {
        const res =
          action === 'submit'
            ? await client.submitAgentSurvey(conversationId, survey.skillId, stateRevision, answers)
            : await client.dismissAgentSurvey(conversationId, survey.skillId, stateRevision);
        status = res.status === 200 ? res.data.agentSurveyStatus : `refused (${res.status})`;
      }
    } catch (err) {
      status = `failed (${reason(err)})`;
    }
    this.log(`[agent-survey-bot] ${action} for ${conversationId}: ${status}`);
    const outcome: SurveyOutcome = { conversationId, action, status };
    this.emit(SURVEY_DONE, outcome);
    return outcome;
  }
}
