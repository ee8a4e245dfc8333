import { type Conversation, type AgentConfig } from 'node-agent-sdk';
import { type RequestInfo } from 'node-agent-sdk/emulator';
import { nextEvent } from '../helpers/events';
import { acceptRings, deskFor } from './helpers';
import { cleanUp, emulatorForTest } from '../helpers/emulator';

afterEach(cleanUp);

const ways: Array<[string, Partial<AgentConfig>]> = [
  ['auto-reconnect restoring subscriptions (the agent replays, the desk adopts)', { autoReconnect: { initialDelay: 20, jitter: 0 } }],
  ['auto-reconnect without restore (the desk sets itself up again)', { autoReconnect: { initialDelay: 20, jitter: 0, restoreSubscriptions: false } }],
];

describe.each(ways)('reconnect in the middle of a conversation: %s', (_name, config) => {
  test('what was said while the socket was down is reported once, nothing is reported twice, one subscription per connection', async () => {
    const emulator = await emulatorForTest();
    const requests: RequestInfo[] = [];
    emulator.on('request', (info) => requests.push(info));
    const { agent, desk, log } = deskFor(emulator, {}, config);
    acceptRings(desk);
    await log.waitFor('ready');
    const consumer = emulator.consumer();
    await consumer.startConversation();
    const conv = (await log.waitFor('conversation')).payload as Conversation;
    await consumer.send('one');
    await log.waitForLine('message consumer: one');
    await conv.sendText('reply one');
    await log.waitForLine('message me: reply one');

    // The consumer writes while the bot's socket is down: the bot can only learn it from the history.
    agent.once('closed', () => void consumer.send('two'));
    expect(emulator.faults.dropAllSockets()).toBe(1);
    await nextEvent(agent, 'reconnected');
    await log.waitForLine('ready (reconnect)');
    await log.waitForLine('message consumer: two');
    await consumer.send('three');
    await log.waitForLine('message consumer: three');
    await conv.sendText('reply three');
    await log.waitForLine('message me: reply three');

    expect(log.lines).toEqual([
      'ready',
      'ring',
      'conversation',
      'message consumer: one',
      'message me: reply one',
      'ready (reconnect)',
      'message consumer: two',
      'message consumer: three',
      'message me: reply three',
    ]);
    expect(log.of('message').map((e) => e.payload.sequence)).toEqual([0, 1, 2, 3, 4]);
    expect(desk.conversations).toEqual([conv]);
    expect(conv.participantsByRole.ASSIGNED_AGENT).toEqual([agent.agentId]);
    const subscriptions = requests.filter((r) => r.frame.type === '.ams.aam.SubscribeExConversations');
    expect(subscriptions.map((r) => r.connectionId)).toEqual([requests[0].connectionId, requests[requests.length - 1].connectionId]);
  });

  test('a conversation closed while the socket was down is reported closed (vanished) after the fresh answer', async () => {
    const emulator = await emulatorForTest();
    const { agent, desk, log } = deskFor(emulator, {}, config);
    acceptRings(desk);
    await log.waitFor('ready');
    const consumer = emulator.consumer();
    await consumer.startConversation();
    await log.waitFor('conversation');
    agent.once('closed', () => void consumer.close());
    emulator.faults.dropAllSockets();
    await log.waitFor('close');
    expect(log.lines).toEqual(['ready', 'ring', 'conversation', 'close ? (vanished)', 'ready (reconnect)']);
    expect(desk.conversations).toEqual([]);
  });
});

test("the bot's own reconnect (no auto-reconnect): the desk sets itself up on the new socket", async () => {
  const emulator = await emulatorForTest();
  const { agent, desk, log } = deskFor(emulator);
  acceptRings(desk);
  await log.waitFor('ready');
  const consumer = emulator.consumer();
  await consumer.startConversation();
  await log.waitFor('conversation');
  await consumer.send('before');
  await log.waitForLine('message consumer: before');
  agent.reconnect(true);
  await log.waitForLine('ready (reconnect)');
  await consumer.send('after');
  await log.waitForLine('message consumer: after');
  expect(log.lines).toEqual(['ready', 'ring', 'conversation', 'message consumer: before', 'ready (reconnect)', 'message consumer: after']);
});

test('what changed while the socket was down is reported from the fresh answer, once: a manager joined and spoke', async () => {
  const emulator = await emulatorForTest();
  emulator.addAgent({ username: 'manager', password: 'pw' });
  const { agent, desk, log } = deskFor(emulator);
  acceptRings(desk);
  await log.waitFor('ready');
  const consumer = emulator.consumer();
  await consumer.startConversation();
  const conv = (await log.waitFor('conversation')).payload as Conversation;
  const manager = deskFor(emulator, { scope: 'all', availability: 'AWAY' }, { username: 'manager', password: 'pw' });
  const seen = (await manager.log.waitFor('conversation')).payload as Conversation;

  const closed = nextEvent(agent, 'closed');
  emulator.faults.dropAllSockets({ username: 'bot' });
  await closed;
  await seen.join('MANAGER');
  await seen.sendText('manager here');
  agent.reconnect(true);
  await log.waitForLine('message manager: manager here');
  await log.waitForLine('ready (reconnect)');
  expect(log.lines).toEqual(['ready', 'ring', 'conversation', 'participant-added MANAGER', 'ready (reconnect)', 'message manager: manager here']);
  expect(conv.participantsByRole.MANAGER).toEqual([emulator.agent('manager').userPid]);
});
