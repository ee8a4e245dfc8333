import { startDeskAgentBot } from '../../examples/desk/agent-bot';
import { logLines, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

test('on the desk: accepts the ring, greets by name, marks each message READ, echoes it, and closes on #close', async () => {
  const emulator = await emulatorForTest();
  const log = logLines();
  const { agent, desk } = startDeskAgentBot(emulator.agentConfig(), { log });
  track(agent);
  const consumer = emulator.consumer({ profile: { firstName: 'Ada', lastName: 'Lovelace' } });
  const convId = await consumer.startConversation();

  await consumer.waitForMessage('Hello Ada Lovelace! You are talking to MyCoolAgent, a bot.');
  expect(desk.conversation(convId)?.consumer).toMatchObject({ id: consumer.consumerId, firstName: 'Ada', lastName: 'Lovelace' });
  const sequence = await consumer.send('Can you hear me?');
  await consumer.waitForMessage('Echo: Can you hear me?');
  expect(consumer.events.filter((e) => e.event.type === 'AcceptStatusEvent').map((e) => e.event)).toEqual([
    { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [sequence] },
  ]);

  await consumer.send('#close');
  await consumer.waitForClose();
  expect(texts(consumer.messages)).toEqual([
    'Hello Ada Lovelace! You are talking to MyCoolAgent, a bot.',
    'Echo: Can you hear me?',
    'Closing the conversation. Goodbye!',
  ]);
  expect(emulator.conversation(convId)?.conversationDetails).toMatchObject({ stage: 'CLOSE', closeReason: 'AGENT' });
  expect(log.lines).toEqual([`[desk-agent-bot] ONLINE as ${emulator.agent().userPid}`]);
});

test('on the desk: answers, once, what the consumer wrote before the bot joined', async () => {
  const emulator = await emulatorForTest();
  const consumer = emulator.consumer();
  await consumer.startConversation();
  await consumer.send('Anyone there?');
  track(startDeskAgentBot(emulator.agentConfig(), { log: logLines(), welcome: () => 'Sorry for the wait!' }).agent);

  await consumer.waitForMessage('Echo: Anyone there?');
  await consumer.send('Good.');
  await consumer.waitForMessage('Echo: Good.');
  expect(texts(consumer.messages)).toEqual(['Sorry for the wait!', 'Echo: Anyone there?', 'Echo: Good.']);
});

test('on the desk: a network drop in the middle of the conversation costs no answer and repeats none', async () => {
  const emulator = await emulatorForTest();
  const { agent } = startDeskAgentBot({ ...emulator.agentConfig(), autoReconnect: { initialDelay: 20, jitter: 0 } }, { log: logLines() });
  track(agent);
  const consumer = emulator.consumer();
  await consumer.startConversation();
  await consumer.send('one');
  await consumer.waitForMessage('Echo: one');
  agent.once('closed', () => void consumer.send('two'));
  emulator.faults.dropAllSockets();
  await consumer.waitForMessage('Echo: two');
  await consumer.send('three');
  await consumer.waitForMessage('Echo: three');
  expect(texts(consumer.messages)).toEqual(['Hello Test Consumer! You are talking to MyCoolAgent, a bot.', 'Echo: one', 'Echo: two', 'Echo: three']);
});
