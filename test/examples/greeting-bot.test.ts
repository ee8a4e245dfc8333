import { GreetingBot } from '../../examples/greeting-bot/greeting-bot';
import { nextEvent } from '../helpers/events';
import { until } from '../helpers/wait';
import { logCalls, recordFrames, steps, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

/** The join as the wire carries it: the SDK adds the agent's legacy id, as the original SDK did. */
const JOIN = (me: string) => ({ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER', userId: me });
const WELCOME = { type: 'ContentEvent', contentType: 'text/plain', message: 'welcome from bot' };

test('as the original: AWAY, all open conversations, joins each new one as MANAGER and says "welcome from bot" once', async () => {
  const emulator = await emulatorForTest();
  const bot = track(new GreetingBot(emulator.agentConfig(), logCalls()));
  const frames = recordFrames(bot);
  await nextEvent(bot, 'connected');
  const ada = emulator.consumer();
  const adaConv = await ada.startConversation();
  const greeting = await ada.waitForMessage('welcome from bot');
  expect(greeting.originatorMetadata.role).toBe('MANAGER');
  expect(emulator.conversation(adaConv)?.conversationDetails.participants).toMatchObject({ MANAGER: [emulator.agent().oldAgentId] });
  expect(emulator.agent().availability).toBe('AWAY');

  // Ada's message reaches the bot as an UPSERT before Grace's new conversation does (one socket, in order).
  await ada.send('Hello?');
  const grace = emulator.consumer();
  const graceConv = await grace.startConversation();
  await grace.waitForMessage('welcome from bot');
  expect(texts(ada.messages)).toEqual(['welcome from bot']);
  expect(texts(grace.messages)).toEqual(['welcome from bot']);

  const me = emulator.agent().oldAgentId;
  expect(steps(frames)).toEqual([
    ['.ams.routing.SetAgentState', { agentUserId: me, availability: 'AWAY', channels: ['MESSAGING'] }],
    ['.ams.aam.SubscribeExConversations', { convState: ['OPEN'] }],
    ['.ams.cm.UpdateConversationField', { conversationId: adaConv, conversationField: [JOIN(me)] }],
    ['.ams.ms.PublishEvent', { dialogId: adaConv, event: WELCOME }],
    ['.ams.cm.UpdateConversationField', { conversationId: graceConv, conversationField: [JOIN(me)] }],
    ['.ams.ms.PublishEvent', { dialogId: graceConv, event: WELCOME }],
  ]);
});

test('greets the conversations already open when it starts; a DELETE forgets the conversation', async () => {
  const emulator = await emulatorForTest();
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  const log = logCalls();
  const bot = track(new GreetingBot(emulator.agentConfig(), log));
  await consumer.waitForMessage('welcome from bot');
  expect(Object.keys(bot.openConvs)).toEqual([convId]);
  await consumer.close();
  await until(() => log.calls.some((c) => c[0] === 'conversation was closed.\n'));
  expect(bot.openConvs).toEqual({});
});

test('when the join is refused the sample still publishes its greeting, which is refused too', async () => {
  const emulator = await emulatorForTest();
  emulator.faults.failResponses('.ams.cm.UpdateConversationField', 403, { body: 'no manager rights' });
  const bot = track(new GreetingBot(emulator.agentConfig(), logCalls()));
  const frames = recordFrames(bot);
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  await until(() => frames.some((f) => f.type === '.ams.ms.PublishEvent') && bot.pendingRequestCount === 0);
  const me = emulator.agent().oldAgentId;
  expect(steps(frames).slice(-2)).toEqual([
    ['.ams.cm.UpdateConversationField', { conversationId: convId, conversationField: [JOIN(me)] }],
    ['.ams.ms.PublishEvent', { dialogId: convId, event: WELCOME }],
  ]);
  expect(consumer.messages).toEqual([]);
});
