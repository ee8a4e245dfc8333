import { Agent } from 'node-agent-sdk';
import { startAgentBot } from '../../examples/agent-bot/agent-bot';
import { MyCoolAgent, type NewConversationInfo } from '../../examples/agent-bot/my-cool-agent';
import { nextEvent } from '../helpers/events';
import { logLines, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

test('accepts the ring, greets by name, marks each message READ, echoes it, and closes on #close', async () => {
  const emulator = await emulatorForTest();
  const bot = track(startAgentBot(emulator.agentConfig(), { log: logLines() }));
  expect(bot).toBeInstanceOf(Agent);
  const started = nextEvent<NewConversationInfo>(bot, MyCoolAgent.NEW_CONVERSATION);
  const consumer = emulator.consumer({ profile: { firstName: 'Ada', lastName: 'Lovelace' } });
  const convId = await consumer.startConversation();

  await consumer.waitForMessage('Hello Ada Lovelace! You are talking to MyCoolAgent, a bot.');
  expect(await started).toEqual({ conversationId: convId, consumerId: consumer.consumerId, skillId: '-1' });
  const sequence = await consumer.send('Can you hear me?');
  await consumer.waitForMessage('Echo: Can you hear me?');
  // The receipt was published before the answer, on the same socket.
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
});

test('answers, once, what the consumer wrote before the bot joined', async () => {
  const emulator = await emulatorForTest();
  const consumer = emulator.consumer();
  await consumer.startConversation();
  await consumer.send('Anyone there?');
  track(startAgentBot(emulator.agentConfig(), { log: logLines(), welcome: () => 'Sorry for the wait!' }));

  await consumer.waitForMessage('Echo: Anyone there?');
  await consumer.send('Good.');
  await consumer.waitForMessage('Echo: Good.');
  expect(texts(consumer.messages)).toEqual(['Sorry for the wait!', 'Echo: Anyone there?', 'Echo: Good.']);
});
