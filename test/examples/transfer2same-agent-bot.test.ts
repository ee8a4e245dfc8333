import { getAgentDataForBestConversationMCS } from '../../examples/transfer2same-agent-bot/utils';
import { startTransferBot } from '../../examples/transfer2same-agent-bot/transfer-agent-bot';
import { startHumanAgent } from '../../examples/lib/human-agent';
import { until } from '../helpers/wait';
import { logCalls, recordFrames, steps, texts } from './helpers';
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
  await ada.startConversation({ skillId: humans });
  await ada.waitForMessage('Hi, Alice here.');
  await ada.close();
  const log = logCalls();
  const bot = track(startTransferBot(emulator.agentConfig('frontbot'), log));
  const frames = recordFrames(bot);
  return { emulator, humans, frontDesk, alice, ada, bot, frames, log };
}

test('as the original: a returning consumer is transferred to the agent of her best conversation (SUGGEST, REMOVE itself, Skill) in one request', async () => {
  const { emulator, humans, frontDesk, ada, bot, frames, log } = await setUp();
  const convId = await ada.startConversation({ skillId: frontDesk });
  await ada.waitForMessage('Hi, Alice here.');
  expect(emulator.conversation(convId)?.conversationDetails).toMatchObject({
    skillId: humans,
    participants: { CONSUMER: [ada.consumerId], ASSIGNED_AGENT: [emulator.agent('alice').oldAgentId] },
  });
  // What Ada saw: the profile line of MyCoolAgent, then Alice.
  expect(texts(ada.messages).slice(-2)).toEqual([expect.stringMatching(/^Just joined to conversation with /), 'Hi, Alice here.']);

  const transfer = frames.find((f) => f.type === '.ams.cm.UpdateConversationField');
  expect(transfer?.body).toEqual({
    conversationId: convId,
    dialogId: convId,
    conversationField: [
      { field: 'ParticipantsChange', type: 'SUGGEST', userId: emulator.agent('alice').oldAgentId, role: 'ASSIGNED_AGENT' },
      { field: 'ParticipantsChange', type: 'REMOVE', userId: bot.agentId, role: 'ASSIGNED_AGENT' },
      { field: 'Skill', type: 'UPDATE', skill: Number(humans) },
    ],
  });
  // The socket's steps: the MyCoolAgent ones, then the transfer after the two history look-ups.
  expect(steps(frames).map(([type]) => type)).toEqual([
    '.ams.routing.SetAgentState',
    '.ams.aam.SubscribeExConversations',
    '.ams.routing.SubscribeRoutingTasks',
    '.ams.routing.UpdateRingState',
    '.ams.userprofile.GetUserProfile',
    '.ams.ms.QueryMessages',
    '.ams.ms.PublishEvent',
    '.ams.cm.UpdateConversationField',
  ]);
  await until(() => log.calls.some((c) => String(c[0]).startsWith('msg: err - null')));
  expect(log.calls).toContainEqual(['ONLINE']);
});

test('when that agent is not online the bot keeps the conversation and echoes; #close closes', async () => {
  const { emulator, frontDesk, alice, ada, frames, log } = await setUp();
  const loggedOff = new Promise((resolve) => emulator.once('disconnection', resolve));
  alice.dispose(); // Alice logs off: the history shows her OFFLINE
  await loggedOff;
  const convId = await ada.startConversation({ skillId: frontDesk });
  await until(() => log.calls.some((c) => c[0] === 'OFFLINE'));
  await ada.send('Is Alice there?');
  await ada.waitForMessage('echo : Is Alice there?');
  await ada.send('#close');
  await ada.waitForClose();
  expect(frames.filter((f) => f.type === '.ams.cm.UpdateConversationField').map((f) => f.body)).toEqual([
    { conversationId: convId, conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }] },
  ]);
  expect(emulator.conversation(convId)?.conversationDetails.closeReason).toBe('AGENT');
});

test('a first-time consumer has no scored conversation: "no agent data", no transfer', async () => {
  const emulator = await emulatorForTest();
  const frontDesk = emulator.addSkill({ name: 'front desk' });
  emulator.addAgent({ username: 'frontbot', password: 'pw', skills: [frontDesk] });
  const log = logCalls();
  const bot = track(startTransferBot(emulator.agentConfig('frontbot'), log));
  const frames = recordFrames(bot);
  const consumer = emulator.consumer({ skillId: frontDesk });
  await consumer.startConversation();
  await until(() => log.calls.some((c) => c[0] === 'no agent data'));
  await consumer.send('Hello');
  await consumer.waitForMessage('echo : Hello');
  expect(frames.some((f) => f.type === '.ams.cm.UpdateConversationField')).toBe(false);
});

test('the best conversation as the original picks it: highest mcs, on a tie the one listed last; none without a score', () => {
  const record = (agent: string, mcs?: number) => ({ info: { latestAgentId: agent, latestSkillId: 7, mcs } });
  expect(getAgentDataForBestConversationMCS({ conversationHistoryRecords: [record('a', 10), record('b', 80), record('c', 80), record('d', 20)] })).toEqual({ mcs: 80, agentId: 'c', skillId: 7 });
  expect(getAgentDataForBestConversationMCS({ conversationHistoryRecords: [record('a'), record('b', 0)] })).toBe(false);
});
