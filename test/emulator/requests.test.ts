import https from 'https';
import fetch from 'node-fetch';
import type { Emulator } from '../../src/emulator';
import { type Frame, UmsClient, acceptedConversation, closeAll, readyBot, text } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

afterEach(closeAll);

const STRING_RESP = '.ReqBody$StringResp';

/** A conversation from a simulated consumer, accepted by the bot, once the bot has seen all it caused. */
async function assigned(emu: Emulator, bot: UmsClient) {
  const conversation = await acceptedConversation(emu, bot);
  await bot.sync();
  return conversation;
}

/** Sends each body as `type`; each must be refused with that code and string message. */
async function expectRefusals(bot: UmsClient, type: string, cases: Array<[unknown, number, string]>): Promise<void> {
  for (const [body, code, message] of cases) {
    const resp = await bot.request(type, body);
    expect({ code: resp.code, type: resp.type, body: resp.body }).toEqual({ code, type: STRING_RESP, body: message });
  }
}

test('.GetClock answers the server time', async () => {
  const emu = await emulatorForTest();
  const bot = await UmsClient.as(emu);
  const before = Date.now();
  const id = bot.send('.GetClock', {});
  const resp = await bot.waitFor((f) => f.reqId === id);
  expect(resp).toEqual({ kind: 'resp', reqId: id, code: 200, type: '.GetClock$Response', body: { currentTime: expect.any(Number) } });
  expect(resp.body.currentTime).toBeGreaterThanOrEqual(before);
});

describe('.ams.cm.AgentRequestConversation', () => {
  test('opens a conversation assigned to the requester', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    const consumer = emu.consumer();
    const resp = await bot.request('.ams.cm.AgentRequestConversation', {
      channelType: 'MESSAGING',
      consumerId: consumer.consumerId,
      conversationContext: { type: 'ProactiveContext', originConversationId: 'x' },
    });
    expect(resp).toMatchObject({ code: 200, type: '.ams.cm.AgentRequestConversation$Response' });
    expect(resp.body).toEqual({ conversationId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    const conv = emu.conversation(resp.body.conversationId);
    expect(conv?.conversationDetails.participants).toEqual({ CONSUMER: [consumer.consumerId], ASSIGNED_AGENT: [bot.oldAgentId] });
    expect(conv?.conversationDetails.context).toEqual({ type: 'ProactiveContext', originConversationId: 'x' });
    expect(consumer.conversationId).toBe(resp.body.conversationId);
    await bot.sync();
    expect(bot.notifications('.ams.routing.RoutingTaskNotification')).toHaveLength(1); // only the initial empty one
  });

  test('needs a consumerId', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    const resp = await bot.request('.ams.cm.AgentRequestConversation', { channelType: 'MESSAGING' });
    expect(resp).toMatchObject({ code: 400, type: STRING_RESP, body: 'Bad request: consumerId' });
  });
});

describe('.ams.aam.SubscribeExConversations / UnsubscribeExConversations', () => {
  test('subscribe answers a subscriptionId, then the initial batch; unsubscribe stops notifications', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    const id = bot.send('.ams.aam.SubscribeExConversations', { convState: ['OPEN'] });
    const batch = await bot.waitFor((f) => f.type === '.ams.aam.ExConversationChangeNotification');
    const resp = bot.frames.find((f) => f.reqId === id) as Frame;
    expect(resp).toEqual({
      kind: 'resp', reqId: id, code: 200, type: '.ams.aam.SubscribeExConversations$Response',
      body: { subscriptionId: expect.any(String) },
    });
    expect(bot.frames.indexOf(resp)).toBeLessThan(bot.frames.indexOf(batch));
    expect(batch.body).toEqual({ subscriptionId: resp.body.subscriptionId, changes: [] });

    const unsub = await bot.request('.ams.aam.UnsubscribeExConversations', { subscriptionId: resp.body.subscriptionId });
    expect(unsub).toMatchObject({ code: 200, type: STRING_RESP, body: expect.any(String) });
    await emu.consumer().startConversation();
    await bot.sync();
    expect(bot.notifications('.ams.aam.ExConversationChangeNotification')).toHaveLength(1);

    const again = await bot.request('.ams.aam.UnsubscribeExConversations', { subscriptionId: resp.body.subscriptionId });
    expect(again).toMatchObject({ code: 404, type: STRING_RESP, body: 'Subscription not found' });
    const bad = await bot.request('.ams.aam.SubscribeExConversations', { convState: 'OPEN' });
    expect(bad).toMatchObject({ code: 400, type: STRING_RESP, body: 'Bad request: convState' });
  });
});

describe('.ams.cm.UpdateConversationField', () => {
  test('ADD MANAGER joins another agent; its reply is the first item message', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    emu.addAgent({ username: 'mgr', password: 'pw' });
    const mgr = await UmsClient.as(emu, 'mgr', 'pw');
    const { convId } = await assigned(emu, bot);
    const mgrLegacy = `${emu.accountId}.${mgr.login.userId}`;
    const resp = await mgr.request('.ams.cm.UpdateConversationField', {
      conversationId: convId,
      conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER', userId: mgrLegacy }],
    });
    expect(resp).toMatchObject({ code: 200, type: STRING_RESP, body: 'OK Agent added successfully' });
    expect(emu.conversation(convId)?.conversationDetails.participantsPId.MANAGER).toEqual([mgr.login.userPid]);
  });

  test('accepts a single object as conversationField', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    const { convId } = await assigned(emu, bot);
    const resp = await bot.request('.ams.cm.UpdateConversationField', {
      conversationId: convId,
      conversationField: { field: 'TTRField', ttrType: 'URGENT', value: 60 },
    });
    expect(resp).toMatchObject({ code: 200, body: 'OK Field updated successfully' });
    expect(emu.conversation(convId)?.conversationDetails.ttr).toEqual({ ttrType: 'URGENT', value: 60 });
  });

  test('errors: unknown conversation 404, non-participant 400, REMOVE ASSIGNED_AGENT when none 400, bad body 400', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    const convId = await emu.consumer().startConversation();
    const close = [{ field: 'ConversationStateField', conversationState: 'CLOSE' }];
    const cases: Array<[unknown, number, string]> = [
      [{ conversationId: 'nope', conversationField: close }, 404, 'Conversation not found'],
      [{ conversationId: convId, conversationField: close }, 400, 'Agent does not exist in conversation'],
      [{ conversationField: close }, 400, 'Bad request: conversationId'],
      [{ conversationId: convId, conversationField: 'x' }, 400, 'Bad request: conversationField'],
      [{ conversationId: convId, conversationField: [{ field: 'Bogus' }] }, 400, 'Bad request: field'],
      [
        { conversationId: convId, conversationField: [{ field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: bot.oldAgentId }] },
        400,
        'Conversation has no assigned agent',
      ],
      ['just a string', 400, 'Bad request: body'],
    ];
    await expectRefusals(bot, '.ams.cm.UpdateConversationField', cases);
  });
});

describe('.ams.ms.PublishEvent', () => {
  test('per-dialog sequences from 0; ChatStateEvent answers {sequence:0}', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    const { consumer, convId } = await assigned(emu, bot);
    await consumer.send('first'); // sequence 0
    const publish = (event: unknown) => bot.request('.ams.ms.PublishEvent', { dialogId: convId, event });
    const r1 = await publish(text('one'));
    expect(r1).toEqual({ kind: 'resp', reqId: expect.any(String), code: 200, type: '.ams.ms.PublishEvent$Response', body: { sequence: 1 } });
    expect((await publish({ type: 'AcceptStatusEvent', status: 'READ', sequenceList: [0] })).body).toEqual({ sequence: 2 });
    expect((await publish({ type: 'ChatStateEvent', chatState: 'COMPOSING' })).body).toEqual({ sequence: 0 });
    expect((await publish({ type: 'RichContentEvent', content: { type: 'vertical', elements: [] } })).body).toEqual({ sequence: 3 });
  });

  test('errors: unknown dialog 404, non-participant 400, bad event 400', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    const convId = await emu.consumer().startConversation();
    const cases: Array<[unknown, number, string]> = [
      [{ dialogId: 'nope', event: text('x') }, 404, 'Conversation not found'],
      [{ dialogId: convId, event: text('x') }, 400, 'Agent does not exist in conversation'],
      [{ event: text('x') }, 400, 'Bad request: dialogId'],
      [{ dialogId: convId, event: { type: 'Nope' } }, 400, 'Bad request: event.type'],
      [{ dialogId: convId }, 400, 'Bad request: event'],
    ];
    await expectRefusals(bot, '.ams.ms.PublishEvent', cases);
  });
});

describe('.ams.routing.UpdateRingState', () => {
  test('202 on a WAITING ring; 404 Ring not found for unknown or settled rings', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    const convId = await emu.consumer().startConversation();
    const ring = await bot.waitFor((f) => f.body?.changes?.[0]?.result?.ringsDetails?.[0]?.ringState === 'WAITING');
    const ringId = ring.body.changes[0].result.ringsDetails[0].ringId;
    expect(ringId).toMatch(new RegExp(`^${convId}_${emu.accountId}_\\d+$`));
    const ok = await bot.request('.ams.routing.UpdateRingState', { ringId, ringState: 'ACCEPTED' });
    expect(ok).toEqual({ kind: 'resp', reqId: expect.any(String), code: 202, type: STRING_RESP, body: 'Ring state updated successfully' });
    for (const body of [{ ringId, ringState: 'ACCEPTED' }, { ringId: 'nope', ringState: 'REJECTED' }]) {
      expect(await bot.request('.ams.routing.UpdateRingState', body)).toMatchObject({ code: 404, type: STRING_RESP, body: 'Ring not found' });
    }
    const bad = await bot.request('.ams.routing.UpdateRingState', { ringId, ringState: 'MAYBE' });
    expect(bad).toMatchObject({ code: 400, type: STRING_RESP, body: 'Bad request: ringState' });
  });
});

describe('.ams.routing.SubscribeRoutingTasks / UpdateRoutingTaskSubscription', () => {
  test('response, then an empty notification', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    const id = bot.send('.ams.routing.SubscribeRoutingTasks', { channelType: 'MESSAGING', agentId: `${emu.accountId}.${bot.login.userId}`, brandId: emu.accountId });
    const note = await bot.waitFor((f) => f.type === '.ams.routing.RoutingTaskNotification');
    const resp = bot.frames.find((f) => f.reqId === id) as Frame;
    expect(resp).toEqual({ kind: 'resp', reqId: id, code: 200, type: '.ams.GenericSubscribe$Response', body: { subscriptionId: expect.any(String) } });
    expect(bot.frames.indexOf(resp)).toBeLessThan(bot.frames.indexOf(note));
    expect(note).toEqual({ kind: 'notification', type: '.ams.routing.RoutingTaskNotification', body: { subscriptionId: resp.body.subscriptionId, changes: [] } });
  });

  test('a skill filter holds rings back until the subscription is updated', async () => {
    const emu = await emulatorForTest();
    const sales = emu.addSkill({ name: 'sales' });
    const bot = await UmsClient.as(emu);
    await bot.request('.ams.routing.SetAgentState', { availability: 'ONLINE' });
    const sub = await bot.request('.ams.routing.SubscribeRoutingTasks', { skillId: '-1' });
    const convId = await emu.consumer({ skillId: sales }).startConversation();
    await bot.sync();
    expect(bot.notifications('.ams.routing.RoutingTaskNotification')).toHaveLength(1);
    const upd = await bot.request('.ams.routing.UpdateRoutingTaskSubscription', { subscriptionId: sub.body.subscriptionId, skillId: sales });
    expect(upd).toMatchObject({ code: 200, body: { subscriptionId: sub.body.subscriptionId } });
    const ring = await bot.waitFor((f) => f.body?.changes?.[0]?.result?.conversationId === convId);
    expect(ring.body.changes[0].result).toMatchObject({ skillId: sales, ringsDetails: [{ ringState: 'WAITING', skillId: sales }] });
    const missing = await bot.request('.ams.routing.UpdateRoutingTaskSubscription', { subscriptionId: 'nope' });
    expect(missing).toMatchObject({ code: 404, type: STRING_RESP, body: 'Subscription not found' });
  });
});

describe('.ams.userprofile.GetUserProfile', () => {
  test('string, {userId} and {} bodies; unknown user is a string error', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    const profile = {
      firstName: 'Michael', lastName: 'Bolton',
      privateData: { mobileNum: '+1-800-555', email: 'm@b.com', userId: 'cust-1' },
      authenticatedData: { lp_sdes: [{ type: 'ctmrinfo', info: { customerId: '138766AC' } }] },
    };
    const consumer = emu.consumer({ profile });
    const type = '.ams.userprofile.GetUserProfile$Response';
    const expected = { code: 200, type, body: { ...profile, userId: consumer.consumerId } };
    expect(await bot.request('.ams.userprofile.GetUserProfile', consumer.consumerId)).toMatchObject(expected);
    expect(await bot.request('.ams.userprofile.GetUserProfile', { userId: consumer.consumerId })).toMatchObject(expected);
    expect(await bot.request('.ams.userprofile.GetUserProfile', {})).toMatchObject({ code: 200, type, body: { userId: `${emu.accountId}.${bot.login.userId}` } });
    const unknown = await bot.request('.ams.userprofile.GetUserProfile', 'nobody');
    expect(unknown).toMatchObject({ code: 404, type: STRING_RESP, body: 'User not found' });
    expect(await bot.request('.ams.userprofile.GetUserProfile', 42)).toMatchObject({ code: 400, type: STRING_RESP, body: 'Bad request: body' });
  });
});

describe('.ams.routing.SetAgentState / SubscribeAgentsState', () => {
  test('202 string; subscribers get the current state, then every change', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    const oldAgentId = `${emu.accountId}.${bot.login.userId}`;
    const id = bot.send('.ams.routing.SubscribeAgentsState', { brandId: emu.accountId, agentId: oldAgentId });
    const initial = await bot.waitFor((f) => f.type === '.ams.routing.AgentStateNotification');
    const sub = bot.frames.find((f) => f.reqId === id) as Frame;
    expect(sub).toMatchObject({ code: 200, type: '.ams.GenericSubscribe$Response', body: { subscriptionId: expect.any(String) } });
    expect(initial.body).toEqual({
      subscriptionId: sub.body.subscriptionId,
      changes: [{ type: 'UPSERT', result: { agentUserId: oldAgentId, channels: ['MESSAGING'], availability: 'OFFLINE', description: '' } }],
    });
    const resp = await bot.request('.ams.routing.SetAgentState', { availability: 'AWAY', channels: ['MESSAGING'], agentUserId: oldAgentId });
    expect(resp).toEqual({ kind: 'resp', reqId: expect.any(String), code: 202, type: STRING_RESP, body: 'Agent state updated successfully' });
    await bot.sync();
    const [, change] = bot.notifications('.ams.routing.AgentStateNotification');
    expect(change.body.changes[0].result).toEqual({ agentUserId: oldAgentId, channels: ['MESSAGING'], availability: 'AWAY', description: '' });
    expect(emu.agent().availability).toBe('AWAY');
    const bad = await bot.request('.ams.routing.SetAgentState', { availability: 'SLEEPY' });
    expect(bad).toMatchObject({ code: 400, type: STRING_RESP, body: 'Bad request: availability' });
  });
});

describe('.ams.ms.QueryMessages', () => {
  test('ascending records from newerThanSequence (inclusive), with legacy originatorId and PID', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    const { consumer, convId } = await assigned(emu, bot);
    await consumer.send('a');
    await bot.request('.ams.ms.PublishEvent', { dialogId: convId, event: text('b') });
    await consumer.typing();
    await consumer.send('c');
    const all = await bot.request('.ams.ms.QueryMessages', { dialogId: convId, newerThanSequence: 0 });
    expect(all).toMatchObject({ code: 200, type: '.ams.ms.QueryMessages$Response' });
    expect(all.body.map((r: Frame) => [r.sequence, r.event.message])).toEqual([[0, 'a'], [1, 'b'], [2, 'c']]);
    expect(all.body[1]).toMatchObject({
      dialogId: convId, conversationId: convId, originatorId: bot.oldAgentId, originatorPId: bot.login.userPid,
      originatorMetadata: { id: bot.login.userPid, role: 'ASSIGNED_AGENT' },
    });
    const later = await bot.request('.ams.ms.QueryMessages', { dialogId: convId, newerThanSequence: 1 });
    expect(later.body.map((r: Frame) => r.sequence)).toEqual([1, 2]);
    const empty = await bot.request('.ams.ms.QueryMessages', { dialogId: convId, newerThanSequence: 9 });
    expect(empty.body).toEqual([]);
    const unknown = await bot.request('.ams.ms.QueryMessages', { dialogId: 'nope', newerThanSequence: 0 });
    expect(unknown).toMatchObject({ code: 404, type: STRING_RESP, body: 'Conversation not found' });
  });
});

describe('file sharing requests', () => {
  test('upload URL → PUT 201 → download URL → GET the same bytes', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    const up = await bot.request('.ams.ms.GenerateURLForUploadFile', { fileSize: 5, fileType: 'PNG' });
    expect(up).toMatchObject({ code: 200, type: '.ams.ms.GenerateURLForUploadFile$Response' });
    expect(up.body).toEqual({
      relativePath: expect.stringMatching(new RegExp(`^/v1/AUTH_async-images/${emu.accountId}/[0-9a-f-]+\\.PNG$`)),
      queryParams: { temp_url_sig: expect.stringMatching(/^[0-9a-f]{40}$/), temp_url_expires: expect.stringMatching(/^\d+$/) },
    });
    const agent = new https.Agent({ ca: emu.ca });
    const query = (q: Frame) => new URLSearchParams(q).toString();
    const put = await fetch(`${emu.url}${up.body.relativePath}?${query(up.body.queryParams)}`, { method: 'PUT', body: 'bytes', agent });
    expect(put.status).toBe(201);
    const down = await bot.request('.ams.ms.GenerateURLForDownloadFile', { relativePath: up.body.relativePath });
    expect(down).toMatchObject({ code: 200, body: { relativePath: up.body.relativePath } });
    const get = await fetch(`${emu.url}${down.body.relativePath}?${query(down.body.queryParams)}`, { agent });
    expect(await get.text()).toBe('bytes');
    const forged = await fetch(`${emu.url}${down.body.relativePath}?temp_url_sig=00&temp_url_expires=9999999999`, { agent });
    expect(forged.status).toBe(401);
    agent.destroy();
    expect(await bot.request('.ams.ms.GenerateURLForUploadFile', { fileSize: 5, fileType: 'EXE' })).toMatchObject({ code: 400, body: 'Bad request: fileType' });
    expect(await bot.request('.ams.ms.GenerateURLForUploadFile', { fileType: 'PNG' })).toMatchObject({ code: 400, body: 'Bad request: fileSize' });
    expect(await bot.request('.ams.ms.GenerateURLForDownloadFile', {})).toMatchObject({ code: 400, body: 'Bad request: relativePath' });
  });

  test('.ams.ms.token.GenerateDownloadToken answers an opaque token', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    const resp = await bot.request('.ams.ms.token.GenerateDownloadToken', { relativePath: '/v1/AUTH_async-images/x.png' });
    expect(resp).toMatchObject({ code: 200, type: '.ams.ms.token.GenerateDownloadToken$Response', body: { token: expect.any(String), expirationTs: expect.any(Number) } });
  });
});

describe('frame handling', () => {
  test('unknown type: 400 string response', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    const id = bot.send('.ams.Nope', {});
    expect(await bot.waitFor((f) => f.reqId === id)).toEqual({ kind: 'resp', reqId: id, code: 400, type: STRING_RESP, body: 'Unknown request type' });
  });

  test('headers/metadata/encodedMetadata of any type are tolerated and never echoed', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    for (const extra of [
      { headers: null, metadata: null, encodedMetadata: null },
      { headers: {}, metadata: {}, encodedMetadata: 'eyJhIjoxfQ==' },
      { headers: true, metadata: false, encodedMetadata: 7 },
    ]) {
      const resp = await bot.request('.GetClock', {}, extra);
      expect(Object.keys(resp).sort()).toEqual(['body', 'code', 'kind', 'reqId', 'type']);
      expect(resp.code).toBe(200);
    }
  });

  test('a missing body counts as {}; non-JSON and non-request frames are ignored', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    bot.ws.send('not json');
    bot.ws.send(JSON.stringify({ kind: 'notification', type: 'x' }));
    const resp = await bot.request('.GetClock');
    expect(resp.code).toBe(200);
    expect(bot.frames).toHaveLength(1);
  });
});
