import { Agent } from 'node-agent-sdk';
import { startAgentBot } from '../../examples/agent-bot/agent-bot';
import { MyCoolAgent, type NewConversationEvent } from '../../examples/agent-bot/my-cool-agent';
import { nextEvent } from '../helpers/events';
import { until } from '../helpers/wait';
import { logCalls, recordFrames, steps, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

test('as the original: ONLINE, accepts the ring, posts the profile, echoes then marks READ, closes on #close', async () => {
  const emulator = await emulatorForTest();
  const bot = track(startAgentBot(emulator.agentConfig(), logCalls()));
  expect(bot).toBeInstanceOf(MyCoolAgent);
  expect(bot).toBeInstanceOf(Agent);
  const frames = recordFrames(bot);
  await nextEvent(bot, 'connected');
  const started = nextEvent<NewConversationEvent>(bot, bot.NEW_CONVERSATION);
  const consumer = emulator.consumer({ profile: { firstName: 'Ada', lastName: 'Lovelace' } });
  const convId = await consumer.startConversation();

  const joined = await consumer.waitForMessage(/^Just joined to conversation with /);
  const profile = JSON.parse((joined.event.message as string).slice('Just joined to conversation with '.length));
  expect(profile).toEqual([expect.objectContaining({ type: 'personal', personal: expect.objectContaining({ firstname: 'Ada', lastname: 'Lovelace' }) })]);
  expect((await started).conversation).toEqual({ messages: expect.any(Object), consumerId: consumer.consumerId, state: 'active' });

  const sequence = await consumer.send('Can you hear me?');
  await consumer.waitForMessage('echo : Can you hear me?');
  await until(() => consumer.events.some((e) => e.event.type === 'AcceptStatusEvent'));
  const closeSequence = await consumer.send('#close');
  await consumer.waitForClose();

  expect(texts(consumer.messages)).toEqual([joined.event.message, 'echo : Can you hear me?']);
  expect(consumer.events.filter((e) => e.event.type === 'AcceptStatusEvent').map((e) => e.event)).toEqual([
    { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [sequence] },
  ]);
  expect(emulator.conversation(convId)?.conversationDetails).toMatchObject({ stage: 'CLOSE', closeReason: 'AGENT' });

  const ringId = frames.find((f) => f.type === '.ams.routing.UpdateRingState')?.body.ringId;
  // The wire bodies: the SDK adds what the original SDK added (legacy agent id, channels, brand).
  const me = emulator.agent().oldAgentId;
  expect(steps(frames)).toEqual([
    ['.ams.routing.SetAgentState', { agentUserId: me, availability: 'ONLINE', channels: ['MESSAGING'] }],
    ['.ams.aam.SubscribeExConversations', { agentIds: [me], convState: ['OPEN'] }],
    ['.ams.routing.SubscribeRoutingTasks', { agentId: me, brandId: emulator.accountId, channelType: 'MESSAGING' }],
    ['.ams.routing.UpdateRingState', { ringId, ringState: 'ACCEPTED' }],
    ['.ams.userprofile.GetUserProfile', consumer.consumerId],
    ['.ams.ms.QueryMessages', expect.objectContaining({ dialogId: convId })],
    ['.ams.ms.PublishEvent', { dialogId: convId, event: { type: 'ContentEvent', contentType: 'text/plain', message: joined.event.message } }],
    // The answer goes out from inside the ContentEvent listener, before the READ receipt.
    ['.ams.ms.PublishEvent', { dialogId: convId, event: { type: 'ContentEvent', contentType: 'text/plain', message: 'echo : Can you hear me?' } }],
    ['.ams.ms.PublishEvent', { dialogId: convId, event: { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [sequence] } }],
    // #close: the close first, then the READ receipt, which the closed conversation no longer takes.
    ['.ams.cm.UpdateConversationField', { conversationId: convId, conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }] }],
    ['.ams.ms.PublishEvent', { dialogId: convId, event: { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [closeSequence] } }],
  ]);
});

test('what the consumer wrote before the bot joined is answered once, from the history', async () => {
  const emulator = await emulatorForTest();
  const consumer = emulator.consumer();
  await consumer.startConversation();
  await consumer.send('Anyone there?');
  const bot = track(startAgentBot(emulator.agentConfig(), logCalls()));
  const legacy: unknown[] = [];
  bot.on(bot.CONTENT_NOTIFICATION_LEGACY, (e) => legacy.push(e));

  await consumer.waitForMessage('echo : Anyone there?');
  await consumer.send('Good.');
  await consumer.waitForMessage('echo : Good.');
  expect(texts(consumer.messages).slice(1)).toEqual(['echo : Anyone there?', 'echo : Good.']);
  expect(legacy.map((e: any) => e.message)).toEqual(['Anyone there?', 'Good.']);
});

test('on closed it reconnects, and reads the history again without answering twice', async () => {
  const emulator = await emulatorForTest();
  const log = logCalls();
  const bot = track(startAgentBot(emulator.agentConfig(), log));
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  await consumer.send('First');
  await consumer.waitForMessage('echo : First');
  const frames = recordFrames(bot);

  const reconnected = nextEvent(bot, 'connected');
  emulator.faults.dropAllSockets();
  await reconnected;
  await until(() => frames.filter((f) => f.type === '.ams.ms.QueryMessages').length === 1);
  expect(bot.openConvs[convId].state).toBe('active');
  await consumer.send('Second');
  await consumer.waitForMessage('echo : Second');
  expect(texts(consumer.messages).filter((t) => String(t).startsWith('echo'))).toEqual(['echo : First', 'echo : Second']);
  expect(log.calls.map((c) => c[0])).toEqual(expect.arrayContaining(['socket closed', 'reconnecting', 'conversation resumed after being online']));
  expect(steps(frames).slice(0, 3).map(([type]) => type)).toEqual(['.ams.routing.SetAgentState', '.ams.aam.SubscribeExConversations', '.ams.routing.SubscribeRoutingTasks']);
});
