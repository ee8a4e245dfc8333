import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AgentSurveyClient } from 'node-agent-sdk';
import type { Emulator } from 'node-agent-sdk/emulator';
import { AgentSurveyBot } from '../../examples/agent-survey-bot/agent-survey-bot';
import { wireSurveyFlow } from '../../examples/agent-survey-bot/survey-flow';
import { until } from '../helpers/wait';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-survey-bot-'));
});
afterEach(async () => {
  await cleanUp();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * What the sample answers to the emulator's survey: "Hello" for free text, the second reply of
 * a choice ("No", which leads to question 14), then every question of that sequence shown.
 */
const EXPECTED_ANSWERS = [
  { id: 11, freeTextReply: 'Hello', questionStatus: 'answer' },
  { id: 12, replyIds: [122], questionStatus: 'answer' },
  { id: 14, questionStatus: 'show' },
  { id: 15, questionStatus: 'show' },
];

/** The bot wired as the sample's main.js wires it, with its log lines kept; a conversation it accepted. */
async function setUp() {
  const emulator = await emulatorForTest();
  const lines: string[] = [];
  const log = (...args: unknown[]) => void lines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
  const answersFile = path.join(dir, 'answers.json');
  const bot = track(new AgentSurveyBot(emulator.agentConfig(), log));
  wireSurveyFlow(bot, answersFile);
  const consumer = emulator.consumer({ profile: { firstName: 'Ada' } });
  const convId = await consumer.startConversation();
  await until(() => lines.includes('Submit body was successfully stored!'));
  return { emulator, bot, consumer, convId, lines, answersFile };
}

/** The survey as the runtime API shows it, read with a client and bearer of its own. */
async function surveyState(emulator: Emulator, bot: AgentSurveyBot, convId: string) {
  const client = new AgentSurveyClient({ rflDomain: emulator.host, accountId: emulator.accountId, token: bot.getBearerToken() as string, ca: emulator.ca });
  const res = await client.getAgentSurveyState(convId, '-1');
  return { status: res.data.agentSurveyContext.agentSurveyStatus, answers: res.data.questions.map((q: { questionState?: unknown }) => q.questionState) };
}

test('on the ring it reads the survey and the next sequence at once (the survey client comes from the synchronous CSDS callback) and stores the answers', async () => {
  const { emulator, answersFile, lines } = await setUp();
  expect(JSON.parse(fs.readFileSync(answersFile, 'utf8'))).toEqual(EXPECTED_ANSWERS);
  expect(lines).toContain('>>> Survey was received');
  expect(lines.some((line) => /Cannot read properties of undefined/.test(line))).toBe(false);
  expect(emulator.agent().availability).toBe('ONLINE');
});

test('when the consumer closes the conversation, the stored answers are submitted (the submit answer read as the sample reads it)', async () => {
  const { emulator, bot, consumer, convId, lines, answersFile } = await setUp();
  await consumer.send('Thanks, all good');
  // The bot marks the consumer's message as read.
  await until(() => consumer.events.some((e) => e.event.type === 'AcceptStatusEvent' && e.event.status === 'READ'));
  await consumer.close();
  await until(() => lines.some((line) => line.startsWith('Survey successfully submitted')));
  expect(lines).toContain('Survey successfully submitted. Current agent survey status submitted');
  expect(fs.existsSync(answersFile)).toBe(false);
  expect(await surveyState(emulator, bot, convId)).toEqual({ status: 'submitted', answers: EXPECTED_ANSWERS });
});

test('"submit" from the consumer submits the stored answers', async () => {
  const { emulator, bot, consumer, convId, lines } = await setUp();
  await consumer.send('submit');
  await until(() => lines.some((line) => line.startsWith('Survey successfully submitted')));
  expect(lines).toContain('Survey successfully submitted. Current agent survey status submitted');
  expect(await surveyState(emulator, bot, convId)).toEqual({ status: 'submitted', answers: EXPECTED_ANSWERS });
});

test('"dismiss" from the consumer dismisses the survey; a later close finds it dismissed and submits nothing', async () => {
  const { emulator, bot, consumer, convId, lines } = await setUp();
  await consumer.send('dismiss');
  await until(() => lines.includes('Current survey status: dismissed'));
  expect((await surveyState(emulator, bot, convId)).status).toBe('dismissed');
  await consumer.close();
  await until(() => lines.some((line) => line.startsWith('Error: ')));
  expect(lines).toContain('Error: Get current state request returned with status code: 200 agentSurvey statusdismissed');
  expect((await surveyState(emulator, bot, convId)).status).toBe('dismissed');
});
