import type { Emulator } from 'node-agent-sdk/emulator';
import { bestPreviousConversation, type ConversationRecord } from '../../examples/transfer2same-agent-bot/history-client';
import { TRANSFERRED, type TransferInfo, TransferBot } from '../../examples/transfer2same-agent-bot/transfer-bot';
import { startHumanAgent } from '../../examples/lib/human-agent';
import { nextEvent } from '../helpers/events';
import { logLines, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

/** Ada has talked to Alice before (on the "human agents" skill); the bot serves the "front desk" skill. */
async function setUp() {
  const emulator = await emulatorForTest();
  const humans = emulator.addSkill({ name: 'human agents' });
  const frontDesk = emulator.addSkill({ name: 'front desk' });
  emulator.addAgent({ username: 'alice', password: 'pw', skills: [humans] });
  emulator.addAgent({ username: 'frontbot', password: 'pw', skills: [frontDesk] });
  const alice = track(startHumanAgent(emulator.agentConfig('alice'), 'Hi, Alice here.'));
  const ada = emulator.consumer({ profile: { firstName: 'Ada' } });
  const firstVisit = await ada.startConversation({ skillId: humans });
  await ada.waitForMessage('Hi, Alice here.');
  await ada.close();
  return { emulator, humans, frontDesk, alice, ada, firstVisit };
}

const startBot = (emulator: Emulator) => track(new TransferBot(emulator.agentConfig('frontbot'), { log: logLines() }));

test('a returning consumer is transferred back to the agent of her earlier conversation', async () => {
  const { emulator, humans, frontDesk, ada } = await setUp();
  const bot = startBot(emulator);
  const transferred = nextEvent<TransferInfo>(bot, TRANSFERRED);
  const convId = await ada.startConversation({ skillId: frontDesk });

  await ada.waitForMessage("Welcome back Ada! I'm handing you over to alice, who helped you last time.");
  expect(await transferred).toEqual({ conversationId: convId, agentId: emulator.agent('alice').userId, agentName: 'alice', skillId: humans });
  await ada.waitForMessage('Hi, Alice here.');
  expect(emulator.conversation(convId)?.conversationDetails).toMatchObject({
    skillId: humans,
    participants: { CONSUMER: [ada.consumerId], ASSIGNED_AGENT: [emulator.agent('alice').oldAgentId] },
  });
  expect(texts(ada.messages).slice(-2)).toEqual(["Welcome back Ada! I'm handing you over to alice, who helped you last time.", 'Hi, Alice here.']);
});

test('when that agent is not online the bot keeps the conversation and answers itself', async () => {
  const { emulator, frontDesk, alice, ada } = await setUp();
  const loggedOff = new Promise((resolve) => emulator.once('disconnection', resolve));
  alice.dispose(); // Alice logs off: the history shows her OFFLINE
  await loggedOff;
  const bot = startBot(emulator);
  let transfers = 0;
  bot.on(TRANSFERRED, () => transfers++);
  const convId = await ada.startConversation({ skillId: frontDesk });
  await ada.waitForMessage('Hello Ada! How can I help?');
  await ada.send('Is Alice there?');
  await ada.waitForMessage('Echo: Is Alice there?');
  expect(transfers).toBe(0);
  expect(emulator.conversation(convId)?.conversationDetails.participants).toMatchObject({ ASSIGNED_AGENT: [emulator.agent('frontbot').oldAgentId] });
});

test('a first-time consumer is simply greeted', async () => {
  const emulator = await emulatorForTest();
  const frontDesk = emulator.addSkill({ name: 'front desk' });
  emulator.addAgent({ username: 'frontbot', password: 'pw', skills: [frontDesk] });
  startBot(emulator);
  const consumer = emulator.consumer({ skillId: frontDesk, profile: { firstName: 'Grace' } });
  await consumer.startConversation();
  await consumer.waitForMessage('Hello Grace! How can I help?');
});

test('the best earlier conversation: highest score, then the latest; never the current one or the bot', () => {
  const record = (conversationId: string, latestAgentId: string | undefined, mcs: number, startTimeL: number): ConversationRecord => ({
    info: { conversationId, status: 'CLOSE', latestAgentId, mcs, startTimeL },
  });
  const records = [record('now', 'a1', 100, 9), record('old-good', 'a2', 80, 1), record('new-good', 'a3', 80, 5), record('bad', 'a4', -20, 8), record('mine', 'bot', 100, 7), record('nobody', undefined, 100, 6)];
  expect(bestPreviousConversation(records, 'now', 'bot')?.conversationId).toBe('new-good');
  expect(bestPreviousConversation([record('now', 'a1', 1, 1)], 'now', 'bot')).toBeUndefined();
});
