import type { Emulator } from 'node-agent-sdk/emulator';
import { CSAT_EVENT, CSAT_METADATA, CSAT_QUESTION, GOODBYE_TEXT, RETRY_TEXT, startSurveyBot } from '../../examples/survey-bot/survey-bot';
import { startHumanAgent } from '../../examples/lib/human-agent';
import { until } from '../helpers/wait';
import { logCalls, recordFrames, steps, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);
// The sample waits 1.5 s before each question.
jest.setTimeout(20_000);

const APP = 'survey-app-1';

/** A conversation handled by an agent on a skill with a survey, closed by the consumer: the survey dialog is open. */
async function surveyDialog(emulator: Emulator, skillId: string, firstName = 'Ada') {
  const consumer = emulator.consumer({ skillId, profile: { firstName } });
  const convId = await consumer.startConversation();
  await consumer.waitForMessage(/^Hi, \w+ here\.$/);
  await consumer.close();
  const dialogId = await consumer.waitForSurvey();
  return { consumer, convId, dialogId };
}

async function setUp() {
  const emulator = await emulatorForTest();
  const skillId = emulator.addSkill({ name: 'sales', postSurvey: { appInstallId: APP } });
  emulator.addAgent({ username: 'alice', password: 'pw', skills: [skillId] });
  track(startHumanAgent(emulator.agentConfig('alice'), 'Hi, Alice here.'));
  const log = logCalls();
  const bot = track(startSurveyBot({ ...emulator.agentConfig(), appInstall: APP }, log));
  const frames = recordFrames(bot);
  return { emulator, skillId, bot, frames, log };
}

const questionCount = (records: Array<{ event: Record<string, unknown> }>) => texts(records).filter((t) => t === CSAT_QUESTION).length;

test('as the original: joins the survey dialog, tags it, welcomes, asks; an off-script text gets ENRICH, a retry and the question again; an ACTION with an Answer closes the dialog', async () => {
  const { emulator, skillId, bot, frames, log } = await setUp();
  const { consumer, convId, dialogId } = await surveyDialog(emulator, skillId);

  const question = await consumer.waitForMessage(CSAT_QUESTION);
  expect(question.dialogId).toBe(dialogId);
  expect(question.originatorMetadata.role).toBe('AGENT');
  expect(question.metadata).toEqual(CSAT_METADATA);
  expect(question.event.quickReplies).toEqual(CSAT_EVENT.quickReplies);

  const invalid = await consumer.send('meh');
  await consumer.waitForMessage(RETRY_TEXT);
  await until(() => questionCount(consumer.messages) === 2);
  const enrich = consumer.events.find((e) => e.event.status === 'ENRICH');
  expect(enrich?.event).toEqual({ type: 'AcceptStatusEvent', status: 'ENRICH', sequenceList: [invalid] });
  expect(enrich?.metadata).toEqual([{ type: 'InvalidAnswer', questionId: '1', surveyId: '123', provider: 'External' }]);

  // A click: the ACTION receipt with the button's Answer, and the button's text with it.
  const second = consumer.messages.filter((m) => m.event.message === CSAT_QUESTION)[1];
  const click = CSAT_EVENT.quickReplies.replies[4].click;
  const action = await consumer.send({ type: 'AcceptStatusEvent', status: 'ACTION', sequenceList: [second.sequence as number] }, { metadata: click.metadata });
  const clickText = await consumer.send(click.actions[0].text, { metadata: click.metadata });
  await consumer.waitForMessage(GOODBYE_TEXT);
  await consumer.waitForClose();
  await until(() => log.calls.some((c) => c[0] === 'close dialog'));

  // The sample reads `firstname` off the profile SDE, where it is not: "Welcome undefined!".
  expect(texts(consumer.messages).slice(1)).toEqual(["Welcome undefined! I'm Survey Bot!", CSAT_QUESTION, RETRY_TEXT, CSAT_QUESTION, GOODBYE_TEXT]);
  const details = emulator.conversation(convId)?.conversationDetails;
  expect(details?.dialogs[1]).toMatchObject({ dialogId, dialogType: 'POST_SURVEY', state: 'CLOSE', closedBy: 'AGENT', closedCause: 'Completed' });

  const read = (sequence: number) => ['.ams.ms.PublishEvent', { conversationId: convId, dialogId, event: { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [sequence] } }];
  const text = (message: string) => ['.ams.ms.PublishEvent', { conversationId: convId, dialogId, event: { type: 'ContentEvent', contentType: 'text/plain', message } }];
  const me = emulator.agent().oldAgentId;
  expect(steps(frames).filter(([type]) => type !== '.ams.userprofile.GetUserProfile')).toEqual([
    ['.ams.routing.SetAgentState', { agentUserId: me, availability: 'ONLINE', channels: ['MESSAGING'] }],
    ['.ams.aam.SubscribeExConversations', { stage: ['OPEN'] }],
    ['.ams.ms.QueryMessages', expect.objectContaining({ dialogId })],
    ['.ams.cm.UpdateConversationField', { conversationId: convId, conversationField: [{ dialogId, field: 'ParticipantsChange', type: 'ADD', role: 'AGENT', userId: me }] }],
    ['.ams.cm.UpdateConversationField', { conversationId: convId, conversationField: [{ field: 'DialogChange', type: 'UPDATE', dialog: { dialogId } }] }],
    ['.ams.ms.PublishEvent', { dialogId, event: { type: 'ContentEvent', contentType: 'text/plain', message: "Welcome undefined! I'm Survey Bot!" } }],
    ['.ams.ms.PublishEvent', { conversationId: convId, dialogId, event: CSAT_EVENT }],
    read(invalid),
    text(RETRY_TEXT),
    ['.ams.ms.PublishEvent', { conversationId: convId, dialogId, event: { type: 'AcceptStatusEvent', status: 'ENRICH', sequenceList: [invalid] } }],
    ['.ams.ms.PublishEvent', { conversationId: convId, dialogId, event: CSAT_EVENT }],
    read(action),
    text(GOODBYE_TEXT),
    read(clickText),
    ['.ams.cm.UpdateConversationField', { conversationId: convId, conversationField: [{ field: 'DialogChange', type: 'UPDATE', dialog: { dialogId, state: 'CLOSE', closedBy: 'AGENT', closedCause: 'Completed' } }] }],
  ]);
  expect(frames.find((f) => f.body?.conversationField?.[0]?.field === 'DialogChange')?.metadata).toEqual([{ type: 'Survey', id: '123', revision: '1.0', provider: 'External' }]);
  // The conversation closed: its DELETE took the dialog off the bot's list.
  expect(bot.openSurveyDialogs).toEqual({});
});

test('an ACTION without an Answer is a bad response too: ENRICH, retry, the question again', async () => {
  const { emulator, skillId } = await setUp();
  const { consumer } = await surveyDialog(emulator, skillId);
  const question = await consumer.waitForMessage(CSAT_QUESTION);
  const action = await consumer.send({ type: 'AcceptStatusEvent', status: 'ACTION', sequenceList: [question.sequence as number] });
  await consumer.waitForMessage(RETRY_TEXT);
  await until(() => questionCount(consumer.messages) === 2);
  expect(consumer.events.find((e) => e.event.status === 'ENRICH')?.event.sequenceList).toEqual([action]);
  expect(consumer.isOpen).toBe(true);
});

test('leaves alone survey dialogs of another app installation, with the sample warning', async () => {
  const { emulator, skillId, log } = await setUp();
  const otherSkill = emulator.addSkill({ name: 'support', postSurvey: { appInstallId: 'someone-else' } });
  emulator.addAgent({ username: 'bob', password: 'pw', skills: [otherSkill] });
  track(startHumanAgent(emulator.agentConfig('bob'), 'Hi, Bob here.'));
  const foreign = await surveyDialog(emulator, otherSkill, 'Grace');
  // The bot sees the foreign survey dialog before this one (one socket, in order).
  const mine = await surveyDialog(emulator, skillId);
  await mine.consumer.waitForMessage(CSAT_QUESTION);
  expect(texts(foreign.consumer.messages)).toEqual(['Hi, Bob here.']);
  expect(log.calls).toContainEqual([`invalid appInstallId on dialog: ${foreign.dialogId} someone-else != ${APP}`]);
});
