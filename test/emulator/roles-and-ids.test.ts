import { type Frame, EXCONV, UmsClient, acceptRing, closeAll, readyBot, text } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

afterEach(closeAll);

const CLOSE = [{ field: 'ConversationStateField', conversationState: 'CLOSE' }];
const NOT_PARTICIPANT = { code: 400, body: 'Agent does not exist in conversation' };

/** An emulator whose bot holds one conversation, with a plain agent and an agent manager beside it. */
async function setUp() {
  const emu = await emulatorForTest();
  emu.addAgent({ username: 'plain', password: 'pw' });
  emu.addAgent({ username: 'boss', password: 'pw', role: 'manager' });
  const bot = await readyBot(emu);
  const convId = await emu.consumer().startConversation();
  await acceptRing(bot, convId);
  const plain = await UmsClient.as(emu, 'plain', 'pw');
  const boss = await UmsClient.as(emu, 'boss', 'pw');
  return { emu, bot, convId, plain, boss };
}

describe('agent users have a role: agent (default) or manager', () => {
  test('the role shows in the agent info; the default bot and added agents are plain agents', async () => {
    const { emu } = await setUp();
    expect(emu.agent().role).toBe('agent');
    expect(emu.agent('plain').role).toBe('agent');
    expect(emu.agent('boss').role).toBe('manager');
    const other = await emulatorForTest({ agent: { username: 'mgr', password: 'pw', role: 'manager' } });
    expect(other.agent('mgr').role).toBe('manager');
  });

  test('a manager closes a conversation it never joined', async () => {
    const { emu, convId, boss } = await setUp();
    const resp = await boss.request('.ams.cm.UpdateConversationField', { conversationId: convId, conversationField: CLOSE });
    expect(resp).toMatchObject({ code: 200, body: 'OK Conversation closed successfully' });
    const details = emu.conversation(convId)?.conversationDetails;
    expect(details).toMatchObject({ stage: 'CLOSE', closeReason: 'AGENT' });
    expect(details?.participantsPId).not.toHaveProperty('MANAGER');
  });

  test('a plain agent that is not a participant gets 400 for close, transfer and read', async () => {
    const { emu, convId, plain } = await setUp();
    // userId as the SDK stamps it on items without one: the caller's legacy id.
    const transfer = [
      { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: `${emu.accountId}.${plain.login.userId}` },
      { field: 'Skill', type: 'UPDATE', skill: '-1' },
    ];
    expect(await plain.request('.ams.cm.UpdateConversationField', { conversationId: convId, conversationField: CLOSE })).toMatchObject(NOT_PARTICIPANT);
    expect(await plain.request('.ams.cm.UpdateConversationField', { conversationId: convId, conversationField: transfer })).toMatchObject(NOT_PARTICIPANT);
    expect(await plain.request('.ams.ms.QueryMessages', { dialogId: convId, newerThanSequence: 0 })).toMatchObject(NOT_PARTICIPANT);
    expect(emu.conversation(convId)?.conversationDetails.stage).toBe('OPEN');
  });

  test('a manager transfers to a skill and reads the messages of a conversation it never joined', async () => {
    const { emu, convId, boss } = await setUp();
    const history = await boss.request('.ams.ms.QueryMessages', { dialogId: convId, newerThanSequence: 0 });
    expect(history).toMatchObject({ code: 200, type: '.ams.ms.QueryMessages$Response' });
    expect(Array.isArray(history.body)).toBe(true);
    const resp = await boss.request('.ams.cm.UpdateConversationField', {
      conversationId: convId,
      conversationField: [
        { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: `${emu.accountId}.${boss.login.userId}` },
        { field: 'Skill', type: 'UPDATE', skill: '-1' },
      ],
    });
    expect(resp).toMatchObject({ code: 200, body: 'OK Agent removed successfully' });
    expect(emu.conversation(convId)?.conversationDetails.participants).not.toHaveProperty('ASSIGNED_AGENT');
  });

  test('a manager still cannot publish without joining (publishing is a participant’s act)', async () => {
    const { convId, boss } = await setUp();
    expect(await boss.request('.ams.ms.PublishEvent', { dialogId: convId, event: text('hi') })).toMatchObject(NOT_PARTICIPANT);
  });
});

describe('an agent may be named by PID wherever the service takes an agent id', () => {
  test('SUGGEST with the target’s PID: accepted; the suggestion and the assignment show the legacy id', async () => {
    const { emu, bot, convId } = await setUp();
    emu.addAgent({ username: 'target', password: 'pw' });
    const target = await readyBot(emu, 'target', 'pw');
    const watcher = await UmsClient.as(emu);
    await watcher.request('.ams.aam.SubscribeExConversations', {});
    const resp = await bot.request('.ams.cm.UpdateConversationField', {
      conversationId: convId,
      conversationField: [
        { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: bot.oldAgentId },
        { field: 'ParticipantsChange', type: 'SUGGEST', userId: target.login.userPid, role: 'ASSIGNED_AGENT' },
        { field: 'Skill', type: 'UPDATE', skill: '-1' },
      ],
    });
    expect(resp).toMatchObject({ code: 200, body: 'OK Agent removed successfully' });
    await watcher.sync();
    const suggested = watcher
      .notifications(EXCONV)
      .flatMap((n) => n.body.changes)
      .find((c) => c.result.conversationDetails.dialogs[0].participantsDetails.some((p: Frame) => p.state === 'SUGGESTED')) as Frame;
    expect(suggested.result.conversationDetails.dialogs[0].participantsDetails[1]).toEqual({ id: target.oldAgentId, role: 'ASSIGNED_AGENT', state: 'SUGGESTED' });
    await acceptRing(target, convId);
    const details = emu.conversation(convId)?.conversationDetails;
    expect(details?.participants.ASSIGNED_AGENT).toEqual([target.oldAgentId]);
    expect(details?.participantsPId.ASSIGNED_AGENT).toEqual([target.login.userPid]);
  });

  test('ADD and REMOVE by PID', async () => {
    const { emu, bot, convId, plain } = await setUp();
    const plainPid = plain.login.userPid;
    const add = await bot.request('.ams.cm.UpdateConversationField', {
      conversationId: convId,
      conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'READER', userId: plainPid }],
    });
    expect(add).toMatchObject({ code: 200, body: 'OK Agent added successfully' });
    expect(emu.conversation(convId)?.conversationDetails.participants.READER).toEqual([`${emu.accountId}.${plain.login.userId}`]);
    const remove = await bot.request('.ams.cm.UpdateConversationField', {
      conversationId: convId,
      conversationField: [{ field: 'ParticipantsChange', type: 'REMOVE', role: 'READER', userId: plainPid }],
    });
    expect(remove).toMatchObject({ code: 200, body: 'OK Agent removed successfully' });
    expect(emu.conversation(convId)?.conversationDetails.participants).not.toHaveProperty('READER');
  });

  test('an unknown id is still a 400 Bad request: userId', async () => {
    const { bot, convId } = await setUp();
    const resp = await bot.request('.ams.cm.UpdateConversationField', {
      conversationId: convId,
      conversationField: [{ field: 'ParticipantsChange', type: 'SUGGEST', userId: 'no-such-agent', role: 'ASSIGNED_AGENT' }],
    });
    expect(resp).toMatchObject({ code: 400, body: 'Bad request: userId' });
  });

  test('agent-state queries by PID: SubscribeAgentsState answers with the legacy agentUserId; SetAgentState by PID', async () => {
    const { emu, boss, plain } = await setUp();
    const sub = await boss.request('.ams.routing.SubscribeAgentsState', { agentId: plain.login.userPid });
    expect(sub).toMatchObject({ code: 200 });
    const plainLegacy = `${emu.accountId}.${plain.login.userId}`;
    const first = await boss.waitFor((f) => f.type === '.ams.routing.AgentStateNotification' && f.body.subscriptionId === sub.body.subscriptionId);
    expect(first.body.changes).toEqual([{ type: 'UPSERT', result: { agentUserId: plainLegacy, channels: ['MESSAGING'], availability: 'OFFLINE', description: '' } }]);
    await plain.request('.ams.routing.SetAgentState', { availability: 'AWAY', agentUserId: plain.login.userPid });
    const next = await boss.waitFor(
      (f) => f.type === '.ams.routing.AgentStateNotification' && f.body.subscriptionId === sub.body.subscriptionId && f.body.changes[0].result.availability === 'AWAY',
    );
    expect(next.body.changes[0].result.agentUserId).toBe(plainLegacy);
    expect(emu.agent('plain').availability).toBe('AWAY');
  });

  test('SubscribeExConversations agentIds by PID matches the agent’s conversations', async () => {
    const { emu, bot, convId, boss } = await setUp();
    const sub = await boss.request('.ams.aam.SubscribeExConversations', { agentIds: [bot.login.userPid], convState: ['OPEN'] });
    await boss.sync();
    const changes = boss.changes(EXCONV, sub.body.subscriptionId);
    expect(changes.map((c: Frame) => c.result.convId)).toEqual([convId]);
    expect(emu.agent().userPid).toBe(bot.login.userPid);
  });
});
