import { AgentSurveyClient } from 'node-agent-sdk';
import type { Emulator } from 'node-agent-sdk/emulator';
import { AgentSurveyBot, SURVEY_DONE, type SurveyOutcome } from '../../examples/agent-survey-bot/agent-survey-bot';
import { nextEvent } from '../helpers/events';
import { logLines } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

/** What the bot answers to the emulator's survey: the first sequence, then the one "Yes" leads to. */
const EXPECTED_ANSWERS = [
  { id: 11, questionStatus: 'answer', freeTextReply: 'Answered by the agent survey bot' },
  { id: 12, questionStatus: 'answer', replyIds: [121] },
  { id: 13, questionStatus: 'answer', freeTextReply: 1 },
  { id: 15, questionStatus: 'show' },
];

async function setUp() {
  const emulator = await emulatorForTest();
  const bot = track(new AgentSurveyBot(emulator.agentConfig(), { log: logLines() }));
  const consumer = emulator.consumer({ profile: { firstName: 'Ada' } });
  const convId = await consumer.startConversation();
  await consumer.waitForMessage('Hello Ada! Say "submit" or "dismiss" when we are done.');
  return { emulator, bot, consumer, convId };
}

/** The survey as the runtime API shows it, read with the SDK's client and a bearer of its own. */
async function surveyState(emulator: Emulator, bot: AgentSurveyBot, convId: string) {
  const client = new AgentSurveyClient({ rflDomain: emulator.host, accountId: emulator.accountId, token: bot.getBearerToken() as string, ca: emulator.ca });
  const res = await client.getAgentSurveyState(convId, '-1');
  return { status: res.data.agentSurveyContext.agentSurveyStatus, answers: res.data.questions.map((q: { questionState?: unknown }) => q.questionState) };
}

test('"submit" submits the answers prepared from both sequences of the survey', async () => {
  const { emulator, bot, consumer, convId } = await setUp();
  await consumer.send('All good, thanks');
  await consumer.waitForMessage('Noted.');
  await consumer.send('submit');
  await consumer.waitForMessage('Agent survey: submitted.');
  expect(await surveyState(emulator, bot, convId)).toEqual({ status: 'submitted', answers: EXPECTED_ANSWERS });
});

test('"dismiss" dismisses; a dismissed survey is not submitted afterwards', async () => {
  const { emulator, bot, consumer, convId } = await setUp();
  await consumer.send('dismiss');
  await consumer.waitForMessage('Agent survey: dismissed.');
  await consumer.send('submit');
  await consumer.waitForMessage('Agent survey: already dismissed.');
  expect((await surveyState(emulator, bot, convId)).status).toBe('dismissed');
});

test('a conversation that closes with the survey open gets it submitted', async () => {
  const { emulator, bot, consumer, convId } = await setUp();
  const done = nextEvent<SurveyOutcome>(bot, SURVEY_DONE);
  await consumer.close();
  expect(await done).toEqual({ conversationId: convId, action: 'submit', status: 'submitted' });
  expect(await surveyState(emulator, bot, convId)).toEqual({ status: 'submitted', answers: EXPECTED_ANSWERS });
});
