import { Agent } from 'node-agent-sdk';
import { Bot } from '../../examples/extended-agent-class/bot';
import { PRODUCT_CARD, startAgent, startReader } from '../../examples/extended-agent-class/agent';
import { startHumanAgent } from '../../examples/lib/human-agent';
import { nextEvent } from '../helpers/events';
import { until } from '../helpers/wait';
import { recordFrames, steps, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

type Line = [string, string];
const logInto = (lines: Line[]) => (level: string, line: string) => void lines.push([level, line]);

async function setUp() {
  const emulator = await emulatorForTest();
  const transferSkillId = emulator.addSkill({ name: 'human agents' });
  const lines: Line[] = [];
  const bot = track(startAgent(emulator.agentConfig(), transferSkillId, logInto(lines)));
  const frames = recordFrames(bot);
  await nextEvent(bot, Bot.const.CONNECTED);
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  return { emulator, bot, frames, lines, consumer, convId, transferSkillId };
}

test('as the original agent.js: the Bot subscribes, accepts the ring, follows the conversation, marks READ and answers each command', async () => {
  const { emulator, bot, frames, consumer, convId } = await setUp();
  expect(bot).toBeInstanceOf(Bot);
  expect(bot).toBeInstanceOf(Agent);
  const hello = await consumer.send('Hello');
  await consumer.waitForMessage('you said Hello!');
  const date = await consumer.send('Date');
  await consumer.waitForMessage(new Date().toDateString());
  const content = await consumer.send('content');
  const card = await consumer.waitForMessage((r) => r.event.type === 'RichContentEvent');
  expect(card.event).toEqual({ type: 'RichContentEvent', content: PRODUCT_CARD });
  expect(card.metadata).toEqual([{ type: 'ExternalId', id: expect.stringMatching(/^\d+$/) }]);
  await until(() => consumer.events.filter((e) => e.event.type === 'AcceptStatusEvent').length === 3);
  expect(consumer.events.filter((e) => e.event.type === 'AcceptStatusEvent').map((e) => e.event.sequenceList)).toEqual([[hello], [date], [content]]);

  const me = emulator.agent().oldAgentId;
  const ringId = frames.find((f) => f.type === '.ams.routing.UpdateRingState')?.body.ringId;
  const publish = (event: unknown) => ['.ams.ms.PublishEvent', { dialogId: convId, event }];
  const read = (sequence: number) => publish({ type: 'AcceptStatusEvent', status: 'READ', sequenceList: [sequence] });
  expect(steps(frames)).toEqual([
    ['.ams.routing.SubscribeAgentsState', expect.any(Object)],
    ['.ams.routing.SetAgentState', { agentUserId: me, availability: 'ONLINE', channels: ['MESSAGING'] }],
    ['.ams.aam.SubscribeExConversations', { convState: ['OPEN'], agentIds: [me] }],
    ['.ams.routing.SubscribeRoutingTasks', { agentId: me, brandId: emulator.accountId, channelType: 'MESSAGING' }],
    ['.ams.routing.UpdateRingState', { ringId, ringState: 'ACCEPTED' }],
    ['.ams.userprofile.GetUserProfile', consumer.consumerId],
    ['.ams.ms.QueryMessages', expect.objectContaining({ dialogId: convId })],
    read(hello),
    publish({ type: 'ContentEvent', contentType: 'text/plain', message: 'you said Hello!' }),
    read(date),
    publish({ type: 'ContentEvent', contentType: 'text/plain', message: new Date().toDateString() }),
    read(content),
    publish({ type: 'RichContentEvent', content: PRODUCT_CARD }),
  ]);
});

test('transfer: says so, leaves and moves the conversation to the skill, where an agent takes it', async () => {
  const { emulator, frames, consumer, convId, transferSkillId } = await setUp();
  emulator.addAgent({ username: 'alice', password: 'pw', skills: [transferSkillId] });
  track(startHumanAgent(emulator.agentConfig('alice'), 'Hi, Alice here.'));
  await consumer.send('transfer');
  await consumer.waitForMessage('Hi, Alice here.');
  expect(texts(consumer.messages)).toEqual(['transferring you to a new skill', 'Hi, Alice here.']);
  expect(emulator.conversation(convId)?.conversationDetails).toMatchObject({ skillId: transferSkillId, participants: { ASSIGNED_AGENT: [emulator.agent('alice').oldAgentId] } });
  expect(frames.filter((f) => f.type === '.ams.cm.UpdateConversationField').map((f) => f.body)).toEqual([
    {
      conversationId: convId,
      conversationField: [
        { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: emulator.agent().oldAgentId },
        { field: 'Skill', type: 'UPDATE', skill: transferSkillId },
      ],
    },
  ]);
});

test('close ends the conversation without a word', async () => {
  const { emulator, consumer, convId } = await setUp();
  await consumer.send('close');
  await consumer.waitForClose();
  expect(consumer.messages).toEqual([]);
  expect(emulator.conversation(convId)?.conversationDetails.closeReason).toBe('AGENT');
});

test('as the original reader.js: AWAY, all conversations, joins each as READER silently and answers nothing', async () => {
  const emulator = await emulatorForTest();
  emulator.addAgent({ username: 'reader', password: 'pw', skills: [] });
  const lines: Line[] = [];
  const reader = track(startReader(emulator.agentConfig('reader'), logInto(lines)));
  const frames = recordFrames(reader);
  await nextEvent(reader, Bot.const.CONNECTED);
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  await until(() => (emulator.conversation(convId)?.conversationDetails.participants as Record<string, string[]>).READER !== undefined);
  await consumer.send('Anyone?');
  await until(() => reader.myConversations[convId]?.conversationDetails !== undefined && frames.some((f) => f.type === '.ams.ms.QueryMessages'));
  expect(emulator.agent('reader').availability).toBe('AWAY');
  expect(consumer.messages).toEqual([]);
  const me = emulator.agent('reader').oldAgentId;
  expect(steps(frames).filter(([type]) => type === '.ams.aam.SubscribeExConversations' || type === '.ams.cm.UpdateConversationField')).toEqual([
    ['.ams.aam.SubscribeExConversations', { convState: ['OPEN'] }],
    ['.ams.cm.UpdateConversationField', { conversationId: convId, conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'READER', userId: me }] }],
  ]);
  expect(frames.some((f) => f.type === '.ams.ms.PublishEvent')).toBe(false);
});
