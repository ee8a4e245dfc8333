import { Agent } from 'node-agent-sdk';
import { startEmulator, type Emulator } from 'node-agent-sdk/emulator';
import { deferred, nextEvent } from '../helpers/events';
import { until } from '../helpers/wait';

/**
 * A bot as the README writes one: it sets up once (auto-reconnect restores the rest), accepts
 * rings, follows each conversation's messages with subscribeMessagingEvents once, and answers
 * each consumer message. Its answers wait for `replies` (a lookup in another system, say).
 */
function answeringBot(emulator: Emulator) {
  const agent = new Agent({ ...emulator.agentConfig(), autoReconnect: { initialDelay: 10, maxDelay: 50, jitter: 0, maxAttempts: Infinity } });
  const handled: string[] = [];
  const errors: unknown[] = [];
  const followed = new Set<string>();
  const rings = deferred();
  let replies: Promise<void> = Promise.resolve();
  agent.on('error', (err) => errors.push(err));
  agent.once('connected', () => {
    agent.setAgentState({ availability: 'ONLINE' });
    agent.subscribeRoutingTasks({});
    agent.subscribeExConversations({ convState: ['OPEN'], agentIds: [agent.agentId as string] });
  });
  agent.on('routing.RoutingTaskNotification', async (body) => {
    await rings.promise;
    for (const change of body.changes) {
      for (const ring of change.result.ringsDetails) {
        if (ring.ringState === 'WAITING') agent.updateRingState({ ringId: ring.ringId, ringState: 'ACCEPTED' });
      }
    }
  });
  agent.on('cqm.ExConversationChangeNotification', (body) => {
    for (const change of body.changes) {
      const convId = change.result.convId;
      if (change.type === 'UPSERT' && !followed.has(convId)) {
        followed.add(convId);
        agent.subscribeMessagingEvents({ dialogId: convId, fromSeq: 0 });
      }
    }
  });
  agent.on('ms.MessagingEventNotification', (body) => {
    for (const change of body.changes) {
      if (change.event.type !== 'ContentEvent' || change.originatorMetadata?.role !== 'CONSUMER') continue;
      const message = String(change.event.message);
      handled.push(message);
      void replies.then(() => agent.publishEvent({ dialogId: body.dialogId, event: { type: 'ContentEvent', contentType: 'text/plain', message: `echo: ${message}` } }));
    }
  });
  return {
    agent,
    handled,
    errors,
    acceptRings: () => rings.resolve(),
    holdReplies: () => {
      const held = deferred();
      replies = held.promise;
      return held.resolve;
    },
  };
}

describe('no duplicate after reconnects (on the emulator)', () => {
  let emulator: Emulator;
  let agent: Agent | undefined;

  beforeEach(async () => {
    emulator = await startEmulator();
  });
  afterEach(async () => {
    agent?.dispose();
    await emulator.close();
  });

  it('a bot answers each consumer message exactly once across a 4401 reconnect and a network drop', async () => {
    const bot = answeringBot(emulator);
    agent = bot.agent;
    await until(() => emulator.agent().availability === 'ONLINE');
    const consumer = emulator.consumer();
    await consumer.startConversation();
    // Sent before the bot joins: it reaches the bot only in the answer of its QueryMessages.
    await consumer.send('m1');
    const releaseReplies = bot.holdReplies();
    bot.acceptRings();
    await until(() => bot.handled.length === 1);

    // Token expired before the bot answered m1: it logs in again and restores its set-up.
    const restored = nextEvent(bot.agent, 'GenericSubscribeResponse');
    emulator.faults.closeAllSockets(4401);
    expect(await nextEvent(bot.agent, 'reconnected')).toEqual({ attempts: 1 });
    await restored;
    releaseReplies();
    await consumer.waitForMessage('echo: m1');

    await consumer.send('m2');
    await consumer.waitForMessage('echo: m2');

    // The network drops; the consumer writes during the outage.
    const back = nextEvent(bot.agent, 'reconnected');
    emulator.faults.dropAllSockets();
    await consumer.send('m3');
    await back;
    await consumer.waitForMessage('echo: m3');
    await consumer.send('m4');
    await consumer.waitForMessage('echo: m4');

    expect(bot.handled).toEqual(['m1', 'm2', 'm3', 'm4']);
    const answers = consumer.messages.map((m) => m.event.message);
    expect(answers).toEqual(['echo: m1', 'echo: m2', 'echo: m3', 'echo: m4']);
    expect(bot.errors).toEqual([]);
  });
});
