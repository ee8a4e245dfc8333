import type { Emulator } from 'node-agent-sdk/emulator';
import { QUESTION_EVENT, QUESTION_METADATA, TEXTS, startSurveyBot } from '../../examples/survey-bot/survey-bot';
import { startHumanAgent } from '../../examples/lib/human-agent';
import { logLines, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

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
  track(startSurveyBot(emulator.agentConfig(), { appInstallId: APP, log: logLines() }));
  return { emulator, skillId };
}

test('joins the survey dialog, asks with quick replies, insists on an invalid answer, and closes the dialog once answered', async () => {
  const { emulator, skillId } = await setUp();
  const { consumer, convId, dialogId } = await surveyDialog(emulator, skillId);

  await consumer.waitForMessage("Hi Ada! I'm the survey bot, one quick question before you go.");
  const question = await consumer.waitForMessage(TEXTS.question);
  expect(question.dialogId).toBe(dialogId);
  expect(question.originatorMetadata.role).toBe('AGENT');
  expect(question.metadata).toEqual(QUESTION_METADATA);
  const replies = (question.event.quickReplies as typeof QUESTION_EVENT.quickReplies).replies;
  expect(replies.map((r) => r.title)).toEqual(['⭐', '⭐⭐', '⭐⭐⭐', '⭐⭐⭐⭐', '⭐⭐⭐⭐⭐']);
  expect(replies[2].click).toEqual({
    actions: [{ type: 'publishText', text: '⭐⭐⭐' }],
    metadata: [{ type: 'Answer', id: 'a3', surveyId: 'csat-survey', questionId: 'q-satisfaction', provider: 'External' }],
  });

  const invalid = await consumer.send('meh');
  await consumer.waitForMessage(TEXTS.retry);
  await consumer.waitForMessage(TEXTS.question);
  const enrich = consumer.events.find((e) => e.event.type === 'AcceptStatusEvent');
  expect(enrich?.event).toEqual({ type: 'AcceptStatusEvent', status: 'ENRICH', sequenceList: [invalid] });
  expect(enrich?.metadata).toEqual([{ type: 'InvalidAnswer', questionId: 'q-satisfaction', surveyId: 'csat-survey', provider: 'External' }]);

  await consumer.send(replies[4].click.actions[0].text, { metadata: replies[4].click.metadata });
  await consumer.waitForMessage(TEXTS.goodbye);
  await consumer.waitForClose();
  const details = emulator.conversation(convId)?.conversationDetails;
  expect(details?.dialogs[1]).toMatchObject({ dialogId, dialogType: 'POST_SURVEY', state: 'CLOSE', closedBy: 'AGENT', closedCause: 'Completed' });
  expect(details?.participants).toMatchObject({ AGENT: [emulator.agent().oldAgentId] });
  expect(texts(consumer.messages).filter((t) => t === TEXTS.question)).toHaveLength(2);
});

test('a click that arrives as an ACTION receipt with the Answer metadata ends the survey too', async () => {
  const { emulator, skillId } = await setUp();
  const { consumer } = await surveyDialog(emulator, skillId);
  const question = await consumer.waitForMessage(TEXTS.question);
  const answer = QUESTION_EVENT.quickReplies.replies[0].click.metadata;
  await consumer.send({ type: 'AcceptStatusEvent', status: 'ACTION', sequenceList: [question.sequence as number] }, { metadata: answer });
  await consumer.waitForMessage(TEXTS.goodbye);
  await consumer.waitForClose();
});

test('leaves alone survey dialogs meant for another app installation', async () => {
  const { emulator, skillId } = await setUp();
  const otherSkill = emulator.addSkill({ name: 'support', postSurvey: { appInstallId: 'someone-else' } });
  emulator.addAgent({ username: 'bob', password: 'pw', skills: [otherSkill] });
  track(startHumanAgent(emulator.agentConfig('bob'), 'Hi, Bob here.'));
  const foreign = await surveyDialog(emulator, otherSkill, 'Grace');
  // The bot sees the foreign survey dialog before this one (one socket, in order).
  const mine = await surveyDialog(emulator, skillId);
  await mine.consumer.waitForMessage(TEXTS.question);
  expect(texts(foreign.consumer.messages)).toEqual(['Hi, Bob here.']);
  expect(foreign.consumer.isOpen).toBe(true);
});
