import { DEFAULT_GREETING, startDeskGreetingBot } from '../../examples/desk/greeting-bot';
import { logLines, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

test('on the desk: joins each new conversation as MANAGER and greets the consumer exactly once', async () => {
  const emulator = await emulatorForTest();
  const log = logLines();
  track(startDeskGreetingBot(emulator.agentConfig(), { log }).agent);
  const ada = emulator.consumer();
  const convId = await ada.startConversation();

  const greeting = await ada.waitForMessage(DEFAULT_GREETING);
  expect(greeting.originatorMetadata.role).toBe('MANAGER');
  expect(emulator.conversation(convId)?.conversationDetails.participants).toMatchObject({ MANAGER: [emulator.agent().oldAgentId] });
  expect(emulator.agent().availability).toBe('AWAY');

  await ada.send('Hello?');
  const grace = emulator.consumer();
  const graceId = await grace.startConversation();
  await grace.waitForMessage(DEFAULT_GREETING);
  expect(texts(ada.messages)).toEqual([DEFAULT_GREETING]);
  expect(texts(grace.messages)).toEqual([DEFAULT_GREETING]);
  // Grace reads the greeting before the bot has the answer to its publish: her log line may come later.
  expect(log.lines.slice(0, 2)).toEqual([
    '[desk-greeting-bot] watching the open conversations of the account',
    `[desk-greeting-bot] joined and greeted ${convId}`,
  ]);
  expect(log.lines.slice(2)).not.toContain(`[desk-greeting-bot] joined and greeted ${convId}`);
  expect(graceId).not.toBe(convId);
});

test('on the desk: greets conversations that were already open when it started, with its own greeting', async () => {
  const emulator = await emulatorForTest();
  const consumer = emulator.consumer();
  await consumer.startConversation();
  track(startDeskGreetingBot(emulator.agentConfig(), { greeting: 'Hi from the night shift!', log: logLines() }).agent);
  await consumer.waitForMessage('Hi from the night shift!');
  expect(texts(consumer.messages)).toEqual(['Hi from the night shift!']);
});

test('on the desk: after a reconnect the open conversations are not greeted again', async () => {
  const emulator = await emulatorForTest();
  const { agent, desk } = startDeskGreetingBot({ ...emulator.agentConfig(), autoReconnect: { initialDelay: 20, jitter: 0, restoreSubscriptions: false } }, { log: logLines() });
  track(agent);
  const consumer = emulator.consumer();
  await consumer.startConversation();
  await consumer.waitForMessage(DEFAULT_GREETING);
  emulator.faults.dropAllSockets();
  await new Promise((resolve) => desk.once('ready', resolve));
  const late = emulator.consumer();
  await late.startConversation();
  await late.waitForMessage(DEFAULT_GREETING);
  expect(texts(consumer.messages)).toEqual([DEFAULT_GREETING]);
});
