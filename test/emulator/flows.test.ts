import type { MessageInfo } from '../../src/emulator';
import { EVENT, EXCONV, type Frame, ROUTING, UmsClient, acceptRing, acceptedConversation, closeAll, readyBot, text } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

afterEach(closeAll);

const lastChange = (client: UmsClient, subscriptionId?: string): Frame => client.changes(EXCONV, subscriptionId).pop() as Frame;

test('consumer flow: ring → accept → messages both ways → agent closes → DELETE', async () => {
  const emu = await emulatorForTest();
  const bot = await readyBot(emu);
  await bot.request('.ams.aam.SubscribeExConversations', { convState: ['OPEN'], agentIds: [bot.oldAgentId] });
  const consumer = emu.consumer();
  const convId = await consumer.startConversation();
  expect(consumer.conversationId).toBe(convId);
  await acceptRing(bot, convId);
  await consumer.send('I need help');
  const incoming = await bot.waitFor((f) => f.type === EVENT && f.body.event.message === 'I need help');
  expect(incoming.body).toMatchObject({ sequence: 0, originatorId: consumer.consumerId, originatorMetadata: { role: 'CONSUMER' } });
  await bot.request('.ams.ms.PublishEvent', { dialogId: convId, event: { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [0] } });
  await bot.request('.ams.ms.PublishEvent', { dialogId: convId, event: text('How can I help?') });
  const reply = await consumer.waitForMessage(/help\?$/);
  expect(reply).toMatchObject({ sequence: 2, originatorId: bot.oldAgentId, originatorPId: bot.login.userPid });
  expect(consumer.events.map((e) => e.event.type)).toEqual(['AcceptStatusEvent', 'ContentEvent']);
  await bot.request('.ams.cm.UpdateConversationField', {
    conversationId: convId,
    conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }],
  });
  await consumer.waitForClose();
  await bot.sync();
  expect(lastChange(bot)).toMatchObject({ type: 'DELETE', result: { convId, conversationDetails: { stage: 'CLOSE', closeReason: 'AGENT' } } });
  expect(consumer.isOpen).toBe(false);
});

test('consumer close ends the conversation with closeReason CONSUMER', async () => {
  const emu = await emulatorForTest();
  const bot = await readyBot(emu);
  await bot.request('.ams.aam.SubscribeExConversations', { convState: ['OPEN'], agentIds: [bot.oldAgentId] });
  const { consumer } = await acceptedConversation(emu, bot);
  await consumer.close();
  await bot.sync();
  expect(lastChange(bot)).toMatchObject({
    type: 'DELETE',
    result: { conversationDetails: { closeReason: 'CONSUMER', dialogs: [{ state: 'CLOSE', closedBy: 'CONSUMER' }] } },
  });
  await expect(consumer.send('late')).rejects.toThrow('no open conversation');
});

test('post-conversation survey: DialogChange CLOSE on MAIN opens POST_SURVEY; closing it closes the conversation', async () => {
  const emu = await emulatorForTest();
  const skillId = emu.addSkill({ name: 'pcs', postSurvey: true });
  emu.addAgent({ username: 'survey', password: 'pw' });
  const bot = await readyBot(emu);
  const surveyBot = await UmsClient.as(emu, 'survey', 'pw');
  const surveyLegacy = `${emu.accountId}.${surveyBot.login.userId}`;
  const sub = await surveyBot.request('.ams.aam.SubscribeExConversations', { stage: ['OPEN'] });
  const { consumer, convId } = await acceptedConversation(emu, bot, { skillId });
  await bot.request('.ams.cm.UpdateConversationField', {
    conversationId: convId,
    conversationField: [{ field: 'DialogChange', type: 'UPDATE', dialog: { dialogId: convId, state: 'CLOSE', closedBy: 'AGENT' } }],
  });
  const surveyDialogId = await consumer.waitForSurvey();
  await surveyBot.sync();
  const withSurvey = lastChange(surveyBot, sub.body.subscriptionId);
  expect(withSurvey.type).toBe('UPSERT');
  expect(withSurvey.result.conversationDetails).toMatchObject({ state: 'CLOSE', stage: 'OPEN' });
  const [main, survey] = withSurvey.result.conversationDetails.dialogs;
  expect(main).toMatchObject({ dialogId: convId, dialogType: 'MAIN', state: 'CLOSE' });
  expect(survey).toEqual({
    dialogId: surveyDialogId,
    participantsDetails: [{ id: consumer.consumerId, role: 'CONSUMER', state: 'ACTIVE' }],
    dialogType: 'POST_SURVEY',
    channelType: 'MESSAGING',
    metaData: { appInstallId: expect.any(String) },
    state: 'OPEN',
    creationTs: expect.any(Number),
    metaDataLastUpdateTs: expect.any(Number),
  });
  expect(surveyDialogId).not.toBe(convId);

  const join = await surveyBot.request('.ams.cm.UpdateConversationField', {
    conversationId: convId,
    conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'AGENT', userId: surveyLegacy, dialogId: surveyDialogId }],
  });
  expect(join.body).toBe('OK Agent added successfully');
  await surveyBot.request('.ams.ms.PublishEvent', { dialogId: surveyDialogId, conversationId: convId, event: text('Rate us 1-5') });
  expect((await consumer.waitForMessage('Rate us 1-5')).dialogId).toBe(surveyDialogId);
  await consumer.answerSurvey('5');
  const answer = await surveyBot.waitFor((f) => f.type === EVENT && f.body.event.message === '5');
  expect(answer.body).toMatchObject({ sequence: 1, dialogId: surveyDialogId, conversationId: convId });
  await bot.sync();
  expect(bot.notifications(EVENT).filter((n) => n.body.dialogId === surveyDialogId)).toEqual([]);

  await surveyBot.request('.ams.cm.UpdateConversationField', {
    conversationId: convId,
    conversationField: [{ field: 'DialogChange', type: 'UPDATE', dialog: { dialogId: surveyDialogId, state: 'CLOSE', closedCause: 'Survey done' } }],
  });
  await consumer.waitForClose();
  await surveyBot.sync();
  const final = lastChange(surveyBot, sub.body.subscriptionId);
  expect(final.type).toBe('DELETE');
  expect(final.result.conversationDetails.stage).toBe('CLOSE');
  expect(final.result.conversationDetails.dialogs[1]).toMatchObject({ state: 'CLOSE', closedCause: 'Survey done' });
});

test('transfer to skill: the agent leaves (DELETE for its filtered subscription) and the new skill rings', async () => {
  const emu = await emulatorForTest();
  const sales = emu.addSkill({ name: 'sales' });
  emu.addAgent({ username: 'seller', password: 'pw', skills: [sales] });
  const bot = await readyBot(emu);
  const sub = await bot.request('.ams.aam.SubscribeExConversations', { convState: ['OPEN'], agentIds: [bot.oldAgentId] });
  const seller = await readyBot(emu, 'seller', 'pw');
  const convId = await emu.consumer().startConversation();
  await acceptRing(bot, convId);
  const resp = await bot.request('.ams.cm.UpdateConversationField', {
    conversationId: convId,
    conversationField: [
      { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: bot.oldAgentId },
      { field: 'Skill', type: 'UPDATE', skill: sales },
    ],
  });
  expect(resp).toMatchObject({ code: 200, body: 'OK Agent removed successfully' });
  const ring = await seller.waitFor((f) => f.type === ROUTING && f.body.changes[0]?.result.conversationId === convId);
  expect(ring.body.changes[0].result).toMatchObject({ skillId: sales, ringsDetails: [{ ringState: 'WAITING' }] });
  await bot.sync();
  expect(lastChange(bot, sub.body.subscriptionId)).toMatchObject({ type: 'DELETE', result: { conversationDetails: { skillId: sales } } });
  expect(bot.notifications(ROUTING).filter((n) => n.body.changes[0]?.result.ringsDetails[0].ringState === 'WAITING')).toHaveLength(1);
  await acceptRing(seller, convId);
  expect(emu.conversation(convId)?.conversationDetails.participants.ASSIGNED_AGENT).toEqual([seller.oldAgentId]);
});

test('transfer to agent: SUGGESTED in the MAIN dialog only for v2.1, a ring for the target, ACTIVE once accepted', async () => {
  const emu = await emulatorForTest();
  emu.addAgent({ username: 'target', password: 'pw' });
  const bot = await readyBot(emu);
  const target = await readyBot(emu, 'target', 'pw');
  await target.request('.ams.routing.SetAgentState', { availability: 'OCCUPIED' });
  const watcher21 = await UmsClient.as(emu);
  const watcher20 = await UmsClient.connect(emu, watcher21.login.bearer, '2');
  await watcher21.request('.ams.aam.SubscribeExConversations', {});
  await watcher20.request('.ams.aam.SubscribeExConversations', {});
  const convId = await emu.consumer().startConversation();
  // The bot gets the first ring: the target is OCCUPIED, which only takes transfers.
  await acceptRing(bot, convId);
  await bot.request('.ams.cm.UpdateConversationField', {
    conversationId: convId,
    conversationField: [
      { field: 'ParticipantsChange', type: 'SUGGEST', userId: target.oldAgentId, role: 'ASSIGNED_AGENT' },
      { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: bot.oldAgentId },
      { field: 'Skill', type: 'UPDATE', skill: '-1' },
    ],
  });
  await acceptRing(target, convId);
  await watcher21.sync();
  await watcher20.sync();
  const suggested = watcher21
    .notifications(EXCONV)
    .flatMap((n) => n.body.changes)
    .find((c) => c.result.conversationDetails.dialogs[0].participantsDetails.some((p: Frame) => p.state === 'SUGGESTED')) as Frame;
  expect(suggested.result.conversationDetails.dialogs[0].participantsDetails).toEqual([
    { id: expect.any(String), role: 'CONSUMER', state: 'ACTIVE' },
    { id: target.oldAgentId, role: 'ASSIGNED_AGENT', state: 'SUGGESTED' },
  ]);
  expect(suggested.result.conversationDetails.participants).not.toHaveProperty('ASSIGNED_AGENT');
  const all20 = watcher20.notifications(EXCONV).flatMap((n) => n.body.changes);
  expect(all20.some((c) => c.result.conversationDetails.dialogs[0].participantsDetails.some((p: Frame) => p.state === 'SUGGESTED'))).toBe(false);
  expect(lastChange(watcher21).result.conversationDetails.dialogs[0].participantsDetails).toEqual([
    { id: expect.any(String), role: 'CONSUMER', state: 'ACTIVE' },
    { id: target.oldAgentId, role: 'ASSIGNED_AGENT', state: 'ACTIVE' },
  ]);
});

test('transfer to agent falls back to the skill queue when the target rejects', async () => {
  const emu = await emulatorForTest();
  emu.addAgent({ username: 'target', password: 'pw' });
  emu.addAgent({ username: 'backup', password: 'pw' });
  const bot = await readyBot(emu);
  const convId = await emu.consumer().startConversation();
  await acceptRing(bot, convId);
  const target = await readyBot(emu, 'target', 'pw');
  const backup = await UmsClient.as(emu, 'backup', 'pw');
  await backup.request('.ams.routing.SetAgentState', { availability: 'OCCUPIED' }); // transfers may ring OCCUPIED agents
  await backup.request('.ams.routing.SubscribeRoutingTasks', {});
  await bot.request('.ams.cm.UpdateConversationField', {
    conversationId: convId,
    conversationField: [
      { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: bot.oldAgentId },
      { field: 'ParticipantsChange', type: 'SUGGEST', userId: target.oldAgentId, role: 'ASSIGNED_AGENT' },
    ],
  });
  await backup.sync();
  expect(backup.notifications(ROUTING).flatMap((n) => n.body.changes)).toEqual([]); // only the target is rung
  const ring = await target.waitFor((f) => f.type === ROUTING && f.body.changes[0]?.result.conversationId === convId);
  await target.request('.ams.routing.UpdateRingState', { ringId: ring.body.changes[0].result.ringsDetails[0].ringId, ringState: 'REJECTED' });
  await acceptRing(backup, convId);
  const details = emu.conversation(convId)?.conversationDetails;
  expect(details?.participants.ASSIGNED_AGENT).toEqual([`${emu.accountId}.${backup.login.userId}`]);
  expect(details?.dialogs[0].participantsDetails.some((p) => p.state === 'SUGGESTED')).toBe(false);
});

test('back to queue: another ONLINE agent is rung, not the one who left', async () => {
  const emu = await emulatorForTest();
  emu.addAgent({ username: 'other', password: 'pw' });
  const bot = await readyBot(emu);
  const convId = await emu.consumer().startConversation();
  await acceptRing(bot, convId);
  const other = await readyBot(emu, 'other', 'pw');
  await bot.request('.ams.cm.UpdateConversationField', {
    conversationId: convId,
    conversationField: [{ field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: bot.oldAgentId }],
  });
  await acceptRing(other, convId);
  await bot.sync();
  expect(bot.notifications(ROUTING).flatMap((n) => n.body.changes).filter((c) => c.result.ringsDetails[0].ringState === 'WAITING')).toHaveLength(1);
  expect(emu.conversation(convId)?.conversationDetails.participants.ASSIGNED_AGENT).toEqual([other.oldAgentId]);
});

test('a bot that subscribes late gets rung for queued conversations; WAITING rings are re-sent on resubscribe', async () => {
  const emu = await emulatorForTest();
  const convId = await emu.consumer().startConversation();
  const bot = await readyBot(emu);
  const first = await bot.waitFor((f) => f.type === ROUTING && f.body.changes[0]?.result.conversationId === convId);
  const ringId = first.body.changes[0].result.ringsDetails[0].ringId;
  const again = await bot.request('.ams.routing.SubscribeRoutingTasks', {});
  await bot.sync();
  const resent = bot.notifications(ROUTING).filter((n) => n.body.subscriptionId === again.body.subscriptionId);
  expect(resent.map((n) => n.body.changes.map((c: Frame) => c.result.ringsDetails[0].ringId))).toEqual([[], [ringId]]);
});

test('emulator events narrate the conversation', async () => {
  const emu = await emulatorForTest();
  const seen: string[] = [];
  emu.on('conversationOpened', (c) => seen.push(`opened ${c.conversationId === consumer.conversationId}`));
  emu.on('ring', (r) => seen.push(`ring ${r.ringState} ${r.agent}`));
  emu.on('conversationAssigned', (c) => seen.push(`assigned ${c.agent}`));
  emu.on('consumerMessage', (m: MessageInfo) => seen.push(`consumer: ${m.text}`));
  emu.on('agentMessage', (m: MessageInfo) => seen.push(`${m.agent}: ${m.text}`));
  emu.on('conversationClosed', (c) => seen.push(`closed ${c.closeReason}`));
  const requests: string[] = [];
  emu.on('request', (r) => requests.push(r.frame.type as string));
  const bot = await readyBot(emu);
  // Bound before the conversation opens: the conversationOpened listener reads it.
  const consumer = emu.consumer();
  const convId = await consumer.startConversation();
  await acceptRing(bot, convId);
  await consumer.send('hi');
  await bot.request('.ams.ms.PublishEvent', { dialogId: convId, event: text('hello') });
  await consumer.close();
  expect(seen).toEqual(['opened true', 'ring WAITING bot', 'ring ACCEPTED bot', 'assigned bot', 'consumer: hi', 'bot: hello', 'closed CONSUMER']);
  expect(requests).toContain('.ams.routing.UpdateRingState');
});

test('tokenConfig: a bearer that connects without login', async () => {
  const emu = await emulatorForTest();
  const config = emu.tokenConfig();
  expect(config).toEqual({ accountId: emu.accountId, csdsDomain: emu.host, ca: emu.ca, token: expect.any(String), userId: emu.agent().userId });
  const client = await UmsClient.connect(emu, config.token as string);
  expect((await client.request('.GetClock', {})).code).toBe(200);
  expect(emu.connectionCount).toBe(1);
});
