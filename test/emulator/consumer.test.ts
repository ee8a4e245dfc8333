import type { Emulator } from '../../src/emulator';
import { EVENT, UmsClient, acceptRing, acceptedConversation, closeAll, readyBot, text } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

afterEach(closeAll);

async function connected(emu: Emulator) {
  const bot = await readyBot(emu);
  const { consumer, convId } = await acceptedConversation(emu, bot);
  const say = (message: string) => bot.request('.ams.ms.PublishEvent', { dialogId: convId, event: text(message) });
  return { bot, consumer, convId, say };
}

test('waitForMessage: string, RegExp or predicate, searching after the last message it returned', async () => {
  const emu = await emulatorForTest();
  const { consumer, say } = await connected(emu);
  await say('one');
  await say('two');
  await say('one');
  expect((await consumer.waitForMessage('two')).sequence).toBe(1); // already arrived or not, it is found
  expect((await consumer.waitForMessage((r) => r.event.message === 'one')).sequence).toBe(2);
  await expect(consumer.waitForMessage(/one/, { timeout: 10 })).rejects.toThrow('timed out'); // sequence 0 is behind
  expect(consumer.messages.map((m) => m.event.message)).toEqual(['one', 'two', 'one']);
});

test('waitForAgent resolves with the PID of the agent who accepted', async () => {
  const emu = await emulatorForTest();
  const bot = await readyBot(emu);
  const consumer = emu.consumer();
  const convId = await consumer.startConversation();
  const joined = consumer.waitForAgent();
  await acceptRing(bot, convId);
  expect(await joined).toBe(bot.login.userPid);
  expect(await consumer.waitForAgent()).toBe(bot.login.userPid); // already assigned: resolves at once
});

test('waitForMessage rejects after its timeout, saying what it waited for and what arrived, with a stack at the caller', async () => {
  const emu = await emulatorForTest();
  const { consumer, say } = await connected(emu);
  await expect(consumer.waitForMessage('never', { timeout: 10 })).rejects.toThrow(
    'waitForMessage("never") timed out after 10 ms; no agent message arrived',
  );
  await say('Hello!');
  await say('You said: "hi"');
  const err: Error = await consumer.waitForMessage(/^Bye/, { timeout: 10 }).catch((e) => e);
  expect(err.message).toBe('waitForMessage(/^Bye/) timed out after 10 ms; the agent messages that arrived: "Hello!", "You said: \\"hi\\""');
  // The first frame is this test file, not the emulator's timer.
  const frames = (err.stack ?? '').split('\n');
  expect(frames[0]).toBe(`Error: ${err.message}`);
  expect(frames[1]).toContain('consumer.test.ts');
  await consumer.waitForMessage('Hello!');
  const byPredicate: Error = await consumer.waitForMessage(function isGoodbye() { return false; }, { timeout: 10 }).catch((e) => e);
  expect(byPredicate.message).toBe(
    'waitForMessage(a message accepted by predicate isGoodbye) timed out after 10 ms; the agent messages that arrived after the last one matched: "You said: \\"hi\\""',
  );
});

test('waitForAgent, waitForClose and waitForSurvey time out saying what they saw', async () => {
  const emu = await emulatorForTest();
  const consumer = emu.consumer();
  await expect(consumer.waitForAgent({ timeout: 10 })).rejects.toThrow('waitForAgent() timed out after 10 ms; participants: no conversation started');
  await consumer.startConversation();
  await expect(consumer.waitForAgent({ timeout: 10 })).rejects.toThrow('waitForAgent() timed out after 10 ms; participants: CONSUMER');
  await expect(consumer.waitForClose({ timeout: 10 })).rejects.toThrow('waitForClose() timed out after 10 ms; the conversation is OPEN');
  await expect(consumer.waitForSurvey({ timeout: 10 })).rejects.toThrow('waitForSurvey() timed out after 10 ms; dialogs: MAIN OPEN');
});

test('typing and read receipts reach the agent; send returns the sequence', async () => {
  const emu = await emulatorForTest();
  const { bot, consumer, convId, say } = await connected(emu);
  await say('question?');
  await consumer.waitForMessage('question?');
  await consumer.typing();
  await consumer.read();
  expect(await consumer.send('answer')).toBe(2);
  expect(await consumer.send({ type: 'RichContentEvent', content: { type: 'vertical', elements: [] } })).toBe(3);
  await bot.sync();
  expect(bot.notifications(EVENT).map((n) => n.body.event)).toEqual([
    { type: 'ContentEvent', contentType: 'text/plain', message: 'question?' },
    { type: 'ChatStateEvent', chatState: 'COMPOSING' },
    { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [0] },
    { type: 'ContentEvent', contentType: 'text/plain', message: 'answer' },
    { type: 'RichContentEvent', content: { type: 'vertical', elements: [] } },
  ]);
  expect(consumer.dialogId).toBe(convId);
});

test('misuse is reported: no conversation, a second open conversation, unknown skill, no survey', async () => {
  const emu = await emulatorForTest();
  const consumer = emu.consumer();
  await expect(consumer.send('hi')).rejects.toThrow('no open conversation');
  await expect(consumer.close()).rejects.toThrow('no open conversation');
  await expect(consumer.startConversation({ skillId: 'nope' })).rejects.toThrow('unknown skill nope');
  await consumer.startConversation();
  await expect(consumer.startConversation()).rejects.toThrow('already has an open conversation');
  await expect(consumer.answerSurvey('5')).rejects.toThrow('no open POST_SURVEY dialog');
});

test('a consumer may start a new conversation after the previous one closed', async () => {
  const emu = await emulatorForTest();
  const { consumer, convId } = await connected(emu);
  await consumer.close();
  const next = await consumer.startConversation();
  expect(next).not.toBe(convId);
  expect(consumer.conversationId).toBe(next);
  expect(consumer.isOpen).toBe(true);
});

test('with a survey skill, consumer close opens the survey; closing again ends the conversation', async () => {
  const emu = await emulatorForTest();
  const skillId = emu.addSkill({ postSurvey: true });
  const consumer = emu.consumer({ skillId });
  const convId = await consumer.startConversation();
  await consumer.close();
  const surveyId = await consumer.waitForSurvey();
  expect(consumer.dialogId).toBe(surveyId);
  expect(emu.conversation(convId)?.conversationDetails).toMatchObject({ state: 'CLOSE', stage: 'OPEN' });
  await consumer.close();
  await consumer.waitForClose();
  expect(emu.conversation(convId)?.conversationDetails).toMatchObject({ stage: 'CLOSE', closeReason: 'CONSUMER' });
});

test('an existing consumerId is reused, and adopts a proactive conversation', async () => {
  const emu = await emulatorForTest();
  const bot = await UmsClient.as(emu);
  const first = emu.consumer({ profile: { firstName: 'Ada' } });
  const again = emu.consumer({ consumerId: first.consumerId });
  const resp = await bot.request('.ams.cm.AgentRequestConversation', { channelType: 'MESSAGING', consumerId: first.consumerId });
  expect(again.conversationId).toBe(resp.body.conversationId);
  const profile = await bot.request('.ams.userprofile.GetUserProfile', again.consumerId);
  expect(profile.body).toEqual({ firstName: 'Ada', userId: first.consumerId });
  await bot.request('.ams.ms.PublishEvent', {
    dialogId: resp.body.conversationId,
    event: { type: 'ContentEvent', contentType: 'text/plain', message: 'Hello Ada' },
  });
  expect((await again.waitForMessage('Hello Ada')).originatorMetadata.role).toBe('ASSIGNED_AGENT');
});
