import { DEFAULT_GREETING, startGreetingBot } from '../../examples/greeting-bot/greeting-bot';
import { logLines, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

test('joins each new conversation as MANAGER and greets the consumer exactly once', async () => {
  const emulator = await emulatorForTest();
  track(startGreetingBot(emulator.agentConfig(), { log: logLines() }));
  const ada = emulator.consumer();
  const convId = await ada.startConversation();

  const greeting = await ada.waitForMessage(DEFAULT_GREETING);
  expect(greeting.originatorMetadata.role).toBe('MANAGER');
  expect(emulator.conversation(convId)?.conversationDetails.participants).toMatchObject({ MANAGER: [emulator.agent().oldAgentId] });
  expect(emulator.agent().availability).toBe('AWAY');

  // Ada's message reaches the bot as an UPSERT before Grace's new conversation does (one socket,
  // in order), so once Grace is greeted the bot has had its chance to greet Ada twice.
  await ada.send('Hello?');
  const grace = emulator.consumer();
  await grace.startConversation();
  await grace.waitForMessage(DEFAULT_GREETING);
  expect(texts(ada.messages)).toEqual([DEFAULT_GREETING]);
  expect(texts(grace.messages)).toEqual([DEFAULT_GREETING]);
});

test('greets conversations that were already open when it started, with its own greeting', async () => {
  const emulator = await emulatorForTest();
  const consumer = emulator.consumer();
  await consumer.startConversation();
  track(startGreetingBot(emulator.agentConfig(), { greeting: 'Hi from the night shift!', log: logLines() }));
  await consumer.waitForMessage('Hi from the night shift!');
  expect(texts(consumer.messages)).toEqual(['Hi from the night shift!']);
});
