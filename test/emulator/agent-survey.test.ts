import { DEFAULT_AGENT_SURVEY } from '../../src/emulator';
import { type Frame, call, closeAll, login } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

afterEach(closeAll);

/** An emulator with one conversation, and a bearer to call the survey API with. */
async function setUp() {
  const emu = await emulatorForTest();
  const { bearer } = await login(emu);
  const consumer = emu.consumer();
  const convId = await consumer.startConversation();
  const base = `/api/account/${emu.accountId}/forms/agent_survey`;
  const request = async (method: string, path: string, options: { body?: unknown; rev?: string | number; token?: string } = {}) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${options.token ?? bearer}`, 'Content-Type': 'application/json' };
    if (options.rev !== undefined) headers['x-lp-state-rev'] = String(options.rev);
    const res = await call(emu, `${base}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    return { status: res.status, rev: res.headers.get('x-lp-state-rev'), body: (await res.json()) as Frame };
  };
  return { emu, consumer, convId, request, state: `/state?conv=${convId}&skill=-1&v=2.0` };
}

const ANSWERS = [
  { id: 11, questionStatus: 'answer', freeTextReply: 'billing' },
  { id: 12, questionStatus: 'answer', replyIds: [121] },
];

test('GET state: the first sequence (root up to the first question with logic), open, with its revision in a header', async () => {
  const { request, state } = await setUp();
  const res = await request('GET', state);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({ id: DEFAULT_AGENT_SURVEY.id, name: DEFAULT_AGENT_SURVEY.name, root: 11 });
  expect(res.body.questions.map((q: Frame) => q.id)).toEqual([11, 12]);
  expect(res.body.questions[1]).toMatchObject({ category: 'radio_button', containsLogic: true, replies: [{ id: 121, next: 13 }, { id: 122, next: 14 }] });
  expect(res.body.agentSurveyContext).toEqual({ agentSurveyStatus: 'open', lastActionTimeInMillis: 0, autoCloseTimestamp: 0, stateRevision: expect.any(Number) });
  expect(res.rev).toBe(String(res.body.agentSurveyContext.stateRevision));
});

test('GET the form: a sequence from seqRoot, or every question with seq=false', async () => {
  const { convId, request } = await setUp();
  const next = await request('GET', `?conv=${convId}&skill=-1&v=2.0&seq=true&seqRoot=13`);
  expect(next.body.questions.map((q: Frame) => q.id)).toEqual([13, 15]);
  const all = await request('GET', `?conv=${convId}&skill=-1&v=2.0&seq=false`);
  expect(all.body.questions.map((q: Frame) => q.id)).toEqual([11, 12, 13, 14, 15]);
  expect((await request('GET', `?conv=${convId}&skill=-1&v=2.0&seqRoot=999`)).status).toBe(400);
});

test('POST submits with the current revision; the state then shows the answers; a stale revision is a 409', async () => {
  const { request, state } = await setUp();
  const { rev } = await request('GET', state);
  const submitted = await request('POST', state, { body: ANSWERS, rev: rev as string });
  expect(submitted.status).toBe(200);
  // The documented fields, the same nested as the sample reads them, and the sequence "Yes" leads to (not answered yet).
  const context = { agentSurveyStatus: 'submitted', lastActionTimeInMillis: expect.any(Number), autoCloseTimestamp: 0, stateRevision: expect.any(Number) };
  expect(submitted.body).toEqual({ ...context, agentSurveyContext: context, questions: expect.any(Array) });
  const { agentSurveyStatus, lastActionTimeInMillis, autoCloseTimestamp, stateRevision } = submitted.body;
  expect(submitted.body.agentSurveyContext).toEqual({ agentSurveyStatus, lastActionTimeInMillis, autoCloseTimestamp, stateRevision });
  expect(submitted.body.questions.map((q: Frame) => q.id)).toEqual([13, 15]);
  expect(submitted.rev).toBe(String(submitted.body.stateRevision));
  expect(String(submitted.body.stateRevision)).not.toBe(rev);
  const after = await request('GET', state);
  expect(after.body.agentSurveyContext.agentSurveyStatus).toBe('submitted');
  expect(after.body.questions.map((q: Frame) => q.questionState)).toEqual(ANSWERS);
  expect((await request('POST', state, { body: ANSWERS, rev: rev as string })).status).toBe(409);
  // A submitted survey cannot be dismissed any more.
  expect((await request('DELETE', state, { rev: after.rev as string })).status).toBe(400);
});

test('DELETE dismisses; a dismissed survey cannot be submitted', async () => {
  const { request, state } = await setUp();
  const { rev } = await request('GET', state);
  const dismissed = await request('DELETE', state, { rev: rev as string });
  expect(dismissed.status).toBe(200);
  const context = { agentSurveyStatus: 'dismissed', lastActionTimeInMillis: expect.any(Number), autoCloseTimestamp: 0, stateRevision: expect.any(Number) };
  expect(dismissed.body).toEqual({ ...context, agentSurveyContext: context });
  expect(dismissed.body.agentSurveyContext.stateRevision).toBe(dismissed.body.stateRevision);
  const refused = await request('POST', state, { body: ANSWERS, rev: dismissed.rev as string });
  expect(refused.status).toBe(400);
  expect(refused.body.error.message).toBe('The agent survey was dismissed');
});

test('refusals: no bearer 401, unknown conversation 404, missing revision or bad answers 400', async () => {
  const { convId, request, state } = await setUp();
  expect((await request('GET', state, { token: 'nope' })).status).toBe(401);
  expect((await request('GET', '/state?conv=unknown&skill=-1&v=2.0')).status).toBe(404);
  expect((await request('GET', `/state?conv=${convId}&skill=42&v=2.0`)).status).toBe(404);
  expect((await request('POST', state, { body: ANSWERS })).status).toBe(400);
  const { rev } = await request('GET', state);
  expect((await request('POST', state, { body: [{ id: 999, questionStatus: 'answer' }], rev: rev as string })).status).toBe(400);
});

test('once the conversation is closed, autoCloseTimestamp is its end plus the survey timeout', async () => {
  const { emu, consumer, convId, request, state } = await setUp();
  await consumer.close();
  const endTs = emu.conversation(convId)?.conversationDetails.endTs as number;
  const res = await request('GET', state);
  expect(res.body.agentSurveyContext.autoCloseTimestamp).toBe(endTs + DEFAULT_AGENT_SURVEY.actualTimeoutInMinutes * 60_000);
});

test('POST with every sequence answered: no questions left in the answer', async () => {
  const { request, state } = await setUp();
  const { rev } = await request('GET', state);
  const all = [...ANSWERS, { id: 13, questionStatus: 'answer', freeTextReply: 2 }, { id: 15, questionStatus: 'show' }];
  const submitted = await request('POST', state, { body: all, rev: rev as string });
  expect(submitted.status).toBe(200);
  expect(submitted.body).not.toHaveProperty('questions');
  expect(submitted.body.agentSurveyContext.agentSurveyStatus).toBe('submitted');
});

test('PUT saves without submitting; with seqRoot it answers that sequence; v=2.0 needs no revision, a stale one is a 409', async () => {
  const { request, state } = await setUp();
  const { rev } = await request('GET', state);
  const saved = await request('PUT', `${state}&seqRoot=14`, { body: ANSWERS });
  expect(saved.status).toBe(200);
  expect(saved.body.agentSurveyStatus).toBe('open');
  expect(saved.body.agentSurveyContext).toMatchObject({ agentSurveyStatus: 'open', stateRevision: saved.body.stateRevision });
  expect(saved.body.questions.map((q: Frame) => q.id)).toEqual([14, 15]);
  expect(saved.rev).not.toBe(rev);
  const after = await request('GET', state);
  expect(after.body.agentSurveyContext.agentSurveyStatus).toBe('open');
  expect(after.body.questions.map((q: Frame) => q.questionState)).toEqual(ANSWERS);
  expect((await request('PUT', state, { body: ANSWERS, rev: rev as string })).status).toBe(409);
  expect((await request('PUT', `${state}&seqRoot=999`, { body: ANSWERS })).status).toBe(400);
  expect((await request('PUT', state.replace('v=2.0', 'v=1.0'), { body: ANSWERS })).status).toBe(400);
});
