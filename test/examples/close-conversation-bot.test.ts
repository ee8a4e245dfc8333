import { CloseConversationBot, NOTICES } from '../../examples/close-conversation-bot/close-conversation-bot';
import { nextEvent } from '../helpers/events';
import { cleanUp, emulatorForTest, logLines, texts, track } from './helpers';

afterEach(cleanUp);

test('closes a conversation whose consumer writes the keyword, after saying why', async () => {
  const emulator = await emulatorForTest();
  const bot = track(new CloseConversationBot(emulator.agentConfig(), { log: logLines() }));
  const closed = nextEvent(bot, CloseConversationBot.CLOSED);
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  await consumer.send('Not yet #close');
  await consumer.send('  #CLOSE ');

  await consumer.waitForClose();
  expect(texts(consumer.messages)).toEqual([NOTICES.keyword]);
  expect(consumer.messages[0].originatorMetadata.role).toBe('MANAGER');
  expect(emulator.conversation(convId)?.conversationDetails).toMatchObject({ stage: 'CLOSE', closeReason: 'AGENT' });
  expect(await closed).toEqual({ conversationId: convId, reason: 'keyword' });
  expect(emulator.agent().availability).toBe('AWAY');
});

test('closes a conversation that stays idle', async () => {
  const emulator = await emulatorForTest();
  const bot = track(new CloseConversationBot(emulator.agentConfig(), { idleMs: 300, log: logLines() }));
  const closed = nextEvent(bot, CloseConversationBot.CLOSED);
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  await consumer.send('Hello?');

  await consumer.waitForClose();
  expect(texts(consumer.messages)).toEqual([NOTICES.idle]);
  expect(await closed).toEqual({ conversationId: convId, reason: 'idle' });
  expect(emulator.conversation(convId)?.conversationDetails.closeReason).toBe('AGENT');
});
