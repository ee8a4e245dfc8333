import { Agent } from 'node-agent-sdk';
import { MyBot, PRODUCT_CARD, startMyBot } from '../../examples/extended-agent-class/my-bot';
import { startHumanAgent } from '../../examples/lib/human-agent';
import { logLines } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

async function setUp() {
  const emulator = await emulatorForTest();
  const transferSkillId = emulator.addSkill({ name: 'human agents' });
  const bot = track(startMyBot(emulator.agentConfig(), { transferSkillId, log: logLines() }));
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  return { emulator, bot, consumer, convId, transferSkillId };
}

test('a subclass of Agent with its own methods, answering commands', async () => {
  const { bot, consumer } = await setUp();
  expect(bot).toBeInstanceOf(MyBot);
  expect(bot).toBeInstanceOf(Agent);
  expect(typeof bot.sendRichContent).toBe('function');

  const sent: number[] = [];
  sent.push(await consumer.send('hello'));
  expect((await consumer.waitForMessage('You said "hello".')).originatorMetadata.role).toBe('ASSIGNED_AGENT');
  sent.push(await consumer.send('time'));
  await consumer.waitForMessage(/^It is \d\d:\d\d:\d\d\.$/);
  sent.push(await consumer.send('Date'));
  await consumer.waitForMessage(/^Today is \w{3} \w{3} \d\d \d{4}\.$/);
  sent.push(await consumer.send('content'));
  const card = await consumer.waitForMessage((r) => r.event.type === 'RichContentEvent');
  expect(card.event).toEqual({ type: 'RichContentEvent', content: PRODUCT_CARD });
  expect(card.metadata).toEqual([{ type: 'ExternalId', id: 'analytical-engine-card' }]);
  // Every command was marked read.
  expect(consumer.events.filter((e) => e.event.type === 'AcceptStatusEvent').flatMap((e) => e.event.sequenceList as number[])).toEqual(sent);
});

test('transfer: the bot leaves, the skill changes, and an agent of that skill takes over', async () => {
  const { emulator, consumer, convId, transferSkillId } = await setUp();
  emulator.addAgent({ username: 'alice', password: 'pw', skills: [transferSkillId] });
  track(startHumanAgent(emulator.agentConfig('alice'), 'Hi, Alice here.'));
  await consumer.send('transfer');
  await consumer.waitForMessage('Transferring you to a colleague, one moment please.');
  await consumer.waitForMessage('Hi, Alice here.');
  expect(emulator.conversation(convId)?.conversationDetails).toMatchObject({
    skillId: transferSkillId,
    participants: { ASSIGNED_AGENT: [emulator.agent('alice').oldAgentId] },
  });
});

test('close ends the conversation after a goodbye', async () => {
  const { emulator, consumer, convId } = await setUp();
  await consumer.send('close');
  await consumer.waitForMessage('Goodbye!');
  await consumer.waitForClose();
  expect(emulator.conversation(convId)?.conversationDetails.closeReason).toBe('AGENT');
});

test('as an AWAY watcher of all conversations it joins nothing and answers nothing', async () => {
  const emulator = await emulatorForTest();
  const bot = track(new MyBot(emulator.agentConfig(), { initialState: 'AWAY', allConversations: true, log: logLines() }));
  const seen = new Promise<void>((resolve) => bot.once('cqm.ExConversationChangeNotification', (body) => body.changes.length > 0 && resolve()));
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  await seen;
  expect(bot.conversations.has(convId)).toBe(true);
  expect(bot.roleIn(bot.conversations.get(convId)!)).toBeUndefined();
  expect(emulator.agent().availability).toBe('AWAY');
});
