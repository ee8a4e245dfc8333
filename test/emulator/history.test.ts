import { EMULATED_MCS } from '../../src/emulator';
import { type Frame, UmsClient, acceptRing, closeAll, login, post, readyBot } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

afterEach(closeAll);

const historyPath = (accountId: string, rest: string) => `/messaging_history/api/account/${accountId}/${rest}`;

test('consumer search: the consumer\'s conversations, newest first, with the latest agent and skill', async () => {
  const emu = await emulatorForTest();
  const skillId = emu.addSkill({ name: 'billing' });
  const bot = await readyBot(emu);
  const consumer = emu.consumer({ skillId });
  const first = await consumer.startConversation();
  await acceptRing(bot, first);
  await consumer.close();
  const second = await consumer.startConversation();
  await emu.consumer().startConversation(); // another consumer's conversation is not listed

  const res = await post(emu, historyPath(emu.accountId, 'conversations/consumer/search?offset=0&limit=10'), { consumer: consumer.consumerId, contentToRetrieve: [] }, {
    Authorization: `Bearer ${bot.login.bearer}`,
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as Frame;
  expect(body._metadata).toEqual({ count: 2 });
  expect(body.conversationHistoryRecords.map((r: Frame) => r.info.conversationId)).toEqual([second, first]);
  expect(body.conversationHistoryRecords[1].info).toMatchObject({
    status: 'CLOSE',
    closeReason: 'CONSUMER',
    latestAgentId: bot.login.userId,
    latestAgentLoginName: 'bot',
    latestSkillId: Number(skillId),
    latestSkillName: 'billing',
    mcs: EMULATED_MCS,
    startTimeL: expect.any(Number),
    endTimeL: expect.any(Number),
  });
  expect(body.conversationHistoryRecords[0].info).toMatchObject({ status: 'OPEN' });
  expect(body.conversationHistoryRecords[0].info.latestAgentId).toBeUndefined();
  // Scored once closed: an open conversation has no mcs yet.
  expect(body.conversationHistoryRecords[0].info).not.toHaveProperty('mcs');
});

test('agent status: ONLINE while connected, OFFLINE without a socket; filtered by numeric agent ids', async () => {
  const emu = await emulatorForTest();
  emu.addAgent({ username: 'alice', password: 'pw' });
  const bot = await readyBot(emu);
  const alice = await login(emu, { username: 'alice', password: 'pw' });
  const status = async (agentIds?: string[]) => {
    const res = await post(emu, historyPath(emu.accountId, 'agent-view/status'), agentIds ? { agentIds } : {}, { Authorization: `Bearer ${bot.login.bearer}` });
    return ((await res.json()) as Frame).agentStatusRecords;
  };
  expect(await status([bot.login.userId])).toEqual([
    { agentId: bot.login.userId, agentLoginName: 'bot', agentNickname: 'bot', agentGroupId: -1, currentStatus: 'ONLINE' },
  ]);
  expect((await status([alice.userId]))[0].currentStatus).toBe('OFFLINE');
  const aliceSocket = await UmsClient.connect(emu, alice.bearer);
  await aliceSocket.request('.ams.routing.SetAgentState', { availability: 'AWAY', agentUserId: `${emu.accountId}.${alice.userId}` });
  expect((await status([alice.userId]))[0].currentStatus).toBe('AWAY');
  expect((await status()).map((r: Frame) => r.agentLoginName).sort()).toEqual(['alice', 'bot']);
});

test('history routes need a bearer of the account and a consumer id', async () => {
  const emu = await emulatorForTest();
  const { bearer } = await login(emu);
  const search = historyPath(emu.accountId, 'conversations/consumer/search');
  expect((await post(emu, search, { consumer: 'x' })).status).toBe(401);
  expect((await post(emu, search, { consumer: 'x' }, { Authorization: 'Bearer wrong' })).status).toBe(401);
  expect((await post(emu, search, {}, { Authorization: `Bearer ${bearer}` })).status).toBe(400);
});
