import type { IncomingMessage, ServerResponse } from 'http';
import { authorize, errorBody, readJson, sendJson } from './rest';
import type { Sessions } from './sessions';
import type { State } from './state';

/**
 * The agent survey runtime API of the `runtimeFormLogic` service (the wrap-up form an agent fills
 * in for a conversation): `/api/account/{id}/forms/agent_survey/state` (GET state, PUT save,
 * POST submit, DELETE dismiss, all keyed by `conv` + `skill`) and
 * `/api/account/{id}/forms/agent_survey` (the form, or one sequence of it). Shapes follow
 * LivePerson's "Agent Survey for Messaging Runtime API" pages; every skill of the emulator uses
 * {@link DEFAULT_AGENT_SURVEY}.
 *
 * Where those pages and LivePerson's own sample bot disagree, an answer satisfies both: the
 * pages show submit and dismiss answering the bare context (`agentSurveyStatus`,
 * `lastActionTimeInMillis`, `autoCloseTimestamp`, `stateRevision`), the sample reads
 * `agentSurveyContext.agentSurveyStatus` and `questions` after a submit. So submit, save and
 * dismiss answer the documented fields plus `agentSurveyContext` (the same four, as GET state
 * nests them), and submit and save add `questions` when a following sequence is still to be
 * filled in.
 */

export interface AgentSurveyReply {
  id: number;
  text: string;
  /** The question that follows when this reply is chosen (questions with logic). */
  next?: number;
}

/** One question of an agent survey, in LivePerson's form-definition shape. */
export interface AgentSurveyQuestion {
  id: number;
  orderId: number;
  text: string;
  /** The following question; null when the replies decide (`containsLogic`) or at the end. */
  next: number | null;
  nextInOrder: boolean;
  required: boolean;
  category: 'free_text' | 'number' | 'date' | 'radio_button' | 'checkbox' | 'dropdown';
  questionDefinition: 'regular_question';
  maxCharacters?: number;
  replies?: AgentSurveyReply[];
  /** A sequence ends at a question with logic: the chosen reply's `next` roots the next one. */
  containsLogic: boolean;
}

/** An agent survey form, as `GET …/forms/agent_survey` answers it. */
export interface AgentSurveyDefinition {
  id: number;
  name: string;
  /** The first question. */
  root: number;
  actualTimeoutInMinutes: number;
  questions: AgentSurveyQuestion[];
}

/** An answer as submitted: `show` (seen, unanswered) or `answer` with a reply. */
export interface QuestionState {
  id: number;
  questionStatus: 'show' | 'answer';
  replyIds?: number[];
  freeTextReply?: string | number;
  engAttribute?: Record<string, unknown>;
}

const question = (q: Omit<AgentSurveyQuestion, 'nextInOrder' | 'required' | 'questionDefinition'>): AgentSurveyQuestion => ({
  nextInOrder: false,
  required: true,
  questionDefinition: 'regular_question',
  ...q,
});

/**
 * The survey every emulated skill has: two sequences. The first asks the topic and whether the
 * issue was resolved; the reply picks the second (a count for "Yes", an open point for "No"),
 * which both end with a follow-up date.
 */
export const DEFAULT_AGENT_SURVEY: AgentSurveyDefinition = {
  id: 3_000_000_001,
  name: 'Emulator agent survey',
  root: 11,
  actualTimeoutInMinutes: 60,
  questions: [
    question({ id: 11, orderId: 1, text: 'What was the conversation about?', next: 12, category: 'free_text', maxCharacters: 1024, containsLogic: false }),
    question({
      id: 12,
      orderId: 2,
      text: 'Was the issue resolved?',
      next: null,
      category: 'radio_button',
      replies: [
        { id: 121, text: 'Yes', next: 13 },
        { id: 122, text: 'No', next: 14 },
      ],
      containsLogic: true,
    }),
    question({ id: 13, orderId: 3, text: 'How many products were discussed?', next: 15, category: 'number', containsLogic: false }),
    question({ id: 14, orderId: 4, text: 'What is still open?', next: 15, category: 'free_text', maxCharacters: 1024, containsLogic: false }),
    question({ id: 15, orderId: 5, text: 'Follow-up date', next: null, category: 'date', containsLogic: false }),
  ],
};

type Status = 'open' | 'submitted' | 'dismissed';

interface SurveyState {
  status: Status;
  revision: number;
  lastActionTimeInMillis: number;
  answers?: QuestionState[];
}

/** One conversation's survey, and when that conversation closed (its expiry counts from then). */
interface Target {
  state: SurveyState;
  closedAt?: number;
}

const STATE_PATH = /^\/api\/account\/([^/]+)\/forms\/agent_survey\/state\/?$/;
const FORM_PATH = /^\/api\/account\/([^/]+)\/forms\/agent_survey\/?$/;

/** The questions from `rootId` up to and including the first one with logic. */
function surveySequence(survey: AgentSurveyDefinition, rootId: number): AgentSurveyQuestion[] | undefined {
  const byId = new Map(survey.questions.map((q) => [q.id, q]));
  const byOrder = new Map(survey.questions.map((q) => [q.orderId, q]));
  const out: AgentSurveyQuestion[] = [];
  for (let q = byId.get(rootId); q && !out.includes(q); ) {
    out.push(q);
    if (q.containsLogic) break;
    q = q.next !== null ? byId.get(q.next) : q.nextInOrder ? byOrder.get(q.orderId + 1) : undefined;
  }
  return out.length > 0 ? out : undefined;
}

export class AgentSurveyApi {
  private readonly states = new Map<string, SurveyState>();
  // Revisions look like LivePerson's long numbers but stay exact in JavaScript.
  private nextRevision = Date.now() * 1000;

  constructor(private readonly deps: { sessions: Pick<Sessions, 'byBearer'>; state: Pick<State, 'account'> }) {}

  /** Answers the request if it is an agent survey route; false otherwise. */
  async handle(req: IncomingMessage, url: URL, res: ServerResponse): Promise<boolean> {
    const state = STATE_PATH.exec(url.pathname);
    const form = state ? null : FORM_PATH.exec(url.pathname);
    if (!state && !form) return false;
    const accountId = decodeURIComponent((state ?? form)![1]);
    const body = req.method === 'POST' || req.method === 'PUT' ? await readJson(req) : undefined;
    if (!authorize(this.deps.sessions, req, res, accountId)) return true;
    const target = this.target(accountId, url, res);
    if (!target) return true;
    if (form) {
      if (req.method === 'GET') this.form(url, target, res);
      else this.refuse(res, 405, 'Method not allowed');
    } else if (req.method === 'GET') {
      this.getState(url, target, res);
    } else if (req.method === 'POST') {
      this.submit(req, body, target, res);
    } else if (req.method === 'PUT') {
      this.save(req, url, body, target, res);
    } else if (req.method === 'DELETE') {
      this.dismiss(req, target, res);
    } else {
      this.refuse(res, 405, 'Method not allowed');
    }
    return true;
  }

  /** The survey state of `conv` + `skill`, created on first use; answers 400/404 when they are unknown. */
  private target(accountId: string, url: URL, res: ServerResponse): Target | undefined {
    const conv = url.searchParams.get('conv');
    const skill = url.searchParams.get('skill');
    if (!conv || !skill) {
      this.refuse(res, 400, `Bad request: ${conv ? 'skill' : 'conv'} is required`);
      return undefined;
    }
    const account = this.deps.state.account(accountId);
    const conversation = account?.conversations.get(conv);
    if (!conversation || !account?.skills.has(skill)) {
      this.refuse(res, 404, conversation ? 'No agent survey for this skill' : 'Conversation not found');
      return undefined;
    }
    const key = `${accountId}|${conv}|${skill}`;
    let state = this.states.get(key);
    if (!state) {
      state = { status: 'open', revision: this.nextRevision++, lastActionTimeInMillis: 0 };
      this.states.set(key, state);
    }
    return { state, closedAt: conversation.stage === 'CLOSE' ? conversation.endTs : undefined };
  }

  private context({ state, closedAt }: Target) {
    const timeout = DEFAULT_AGENT_SURVEY.actualTimeoutInMinutes * 60_000;
    return {
      agentSurveyStatus: state.status,
      lastActionTimeInMillis: state.lastActionTimeInMillis,
      // Only a closed conversation's survey has an expiry.
      autoCloseTimestamp: closedAt !== undefined ? closedAt + timeout : 0,
      stateRevision: state.revision,
    };
  }

  private reply(res: ServerResponse, target: Target, body: unknown): void {
    sendJson(res, 200, body, { 'x-lp-state-rev': String(target.state.revision) });
  }

  private header() {
    const { id, name, root, actualTimeoutInMinutes } = DEFAULT_AGENT_SURVEY;
    return { id, name, root, actualTimeoutInMinutes };
  }

  /** Saved answers with their questions; without any, the first sequence (or the whole form with `seq=false`). */
  private getState(url: URL, target: Target, res: ServerResponse): void {
    const { answers } = target.state;
    let questions: object[];
    if (answers) {
      const byId = new Map(DEFAULT_AGENT_SURVEY.questions.map((q) => [q.id, q]));
      questions = answers.map((a) => ({ ...byId.get(a.id), questionState: a }));
    } else if (url.searchParams.get('seq') === 'false') {
      questions = DEFAULT_AGENT_SURVEY.questions;
    } else {
      questions = surveySequence(DEFAULT_AGENT_SURVEY, DEFAULT_AGENT_SURVEY.root) ?? [];
    }
    this.reply(res, target, { ...this.header(), questions, agentSurveyContext: this.context(target) });
  }

  /** The whole form (`seq=false`) or the sequence rooted at `seqRoot` (default: the survey's root). */
  private form(url: URL, target: Target, res: ServerResponse): void {
    let questions: AgentSurveyQuestion[] | undefined = DEFAULT_AGENT_SURVEY.questions;
    if (url.searchParams.get('seq') !== 'false') {
      const root = url.searchParams.get('seqRoot');
      questions = surveySequence(DEFAULT_AGENT_SURVEY, root === null ? DEFAULT_AGENT_SURVEY.root : Number(root));
      if (!questions) {
        this.refuse(res, 400, 'Bad request: seqRoot');
        return;
      }
    }
    this.reply(res, target, { ...this.header(), questions, agentSurveyContext: this.context(target) });
  }

  /** The answer of a write: the documented context fields, the same nested, and what is left to fill in. */
  private written(target: Target, questions?: AgentSurveyQuestion[]) {
    const context = this.context(target);
    return { ...context, agentSurveyContext: context, ...(questions && { questions }) };
  }

  private submit(req: IncomingMessage, body: unknown, target: Target, res: ServerResponse): void {
    if (!this.revisionMatches(req, target.state, res)) return;
    const answers = validAnswers(body);
    if (!answers) this.refuse(res, 400, 'Bad request: the body must be an array of question states of this survey');
    else if (target.state.status === 'dismissed') this.refuse(res, 400, 'The agent survey was dismissed');
    else {
      this.change(target.state, 'submitted', answers);
      this.reply(res, target, this.written(target, nextSequence(answers)));
    }
  }

  /** Saves answers without submitting; `seqRoot` asks for that sequence in the answer. */
  private save(req: IncomingMessage, url: URL, body: unknown, target: Target, res: ServerResponse): void {
    // Version 2.0 made the revision optional for PUT; a stale one is still a conflict.
    const optional = Number(url.searchParams.get('v')) >= 2 && req.headers['x-lp-state-rev'] === undefined;
    if (!optional && !this.revisionMatches(req, target.state, res)) return;
    const answers = validAnswers(body);
    const root = url.searchParams.get('seqRoot');
    const questions = root === null ? undefined : surveySequence(DEFAULT_AGENT_SURVEY, Number(root));
    if (!answers) this.refuse(res, 400, 'Bad request: the body must be an array of question states of this survey');
    else if (root !== null && !questions) this.refuse(res, 400, 'Bad request: seqRoot');
    else if (target.state.status !== 'open') this.refuse(res, 400, `The agent survey was ${target.state.status}`);
    else {
      target.state.answers = answers;
      target.state.revision = this.nextRevision++;
      this.reply(res, target, this.written(target, questions));
    }
  }

  private dismiss(req: IncomingMessage, target: Target, res: ServerResponse): void {
    if (!this.revisionMatches(req, target.state, res)) return;
    if (target.state.status === 'submitted') {
      this.refuse(res, 400, 'The agent survey was already submitted');
      return;
    }
    this.change(target.state, 'dismissed');
    this.reply(res, target, this.written(target));
  }

  /** Writes need the current `x-lp-state-rev`: a stale one means someone else changed the survey. */
  private revisionMatches(req: IncomingMessage, state: SurveyState, res: ServerResponse): boolean {
    const given = req.headers['x-lp-state-rev'];
    if (given === String(state.revision)) return true;
    if (given === undefined) this.refuse(res, 400, 'Bad request: x-lp-state-rev is required');
    else this.refuse(res, 409, 'Conflict: the state revision is not the current one');
    return false;
  }

  private change(state: SurveyState, status: Status, answers?: QuestionState[]): void {
    state.status = status;
    if (answers) state.answers = answers;
    state.lastActionTimeInMillis = Date.now();
    state.revision = this.nextRevision++;
  }

  private refuse(res: ServerResponse, status: number, message: string): void {
    const names: Record<number, string> = { 400: 'BAD_REQUEST', 404: 'NOT_FOUND', 405: 'METHOD_NOT_ALLOWED', 409: 'CONFLICT' };
    sendJson(res, status, errorBody(message, status, names[status] ?? 'ERROR'));
  }
}

/**
 * The sequence the answers lead to but do not fill in: a chosen reply of a question with logic
 * names the next question; if that one has no answer yet, its sequence is what is left.
 */
function nextSequence(answers: QuestionState[]): AgentSurveyQuestion[] | undefined {
  const answered = new Set(answers.map((a) => a.id));
  for (const answer of answers) {
    const question = DEFAULT_AGENT_SURVEY.questions.find((q) => q.id === answer.id);
    if (!question?.containsLogic) continue;
    for (const replyId of answer.replyIds ?? []) {
      const next = question.replies?.find((r) => r.id === replyId)?.next;
      if (next !== undefined && !answered.has(next)) return surveySequence(DEFAULT_AGENT_SURVEY, next);
    }
  }
  return undefined;
}

function validAnswers(body: unknown): QuestionState[] | undefined {
  if (!Array.isArray(body) || body.length === 0) return undefined;
  const ids = new Set(DEFAULT_AGENT_SURVEY.questions.map((q) => q.id));
  const ok = body.every(
    (a) => a !== null && typeof a === 'object' && ids.has(a.id) && (a.questionStatus === 'show' || a.questionStatus === 'answer'),
  );
  return ok ? (body as QuestionState[]) : undefined;
}
