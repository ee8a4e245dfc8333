import { type Conversation, type DeskMessage, type Ring } from 'node-agent-sdk';
import { acceptRings, deskFor } from './helpers';
import { cleanUp, emulatorForTest } from '../helpers/emulator';

afterEach(cleanUp);

test('ring → accept → conversation with the consumer profile → messages both ways → consumer close', async () => {
  const emulator = await emulatorForTest();
  const { desk, log } = deskFor(emulator);
  await log.waitFor('ready');
  const consumer = emulator.consumer({ profile: { firstName: 'Ada', lastName: 'Lovelace' } });
  const convId = await consumer.startConversation();

  const ring = (await log.waitFor('ring')).payload as Ring;
  expect(ring).toMatchObject({ conversationId: convId, consumerId: consumer.consumerId, skillId: '-1', state: 'WAITING' });
  expect(ring.expiresAt).toEqual(expect.any(Number));
  await ring.accept();
  const conv = (await log.waitFor('conversation')).payload as Conversation;
  expect(conv.id).toBe(convId);
  expect(conv.consumer).toMatchObject({ id: consumer.consumerId, firstName: 'Ada', lastName: 'Lovelace' });
  expect(conv.consumer.profile).toContainEqual({ type: 'personal', personal: { firstname: 'Ada', lastname: 'Lovelace' } });
  expect(conv).toMatchObject({ state: 'OPEN', stage: 'OPEN', skillId: '-1', myRole: 'ASSIGNED_AGENT', mainDialogId: convId });
  expect(conv.ttr).toEqual({ ttrType: 'NORMAL', value: 3600 });
  expect(conv.participantsByRole).toEqual({ CONSUMER: [consumer.consumerId], ASSIGNED_AGENT: [emulator.agent().userPid] });
  expect(desk.conversation(convId)).toBe(conv);

  await consumer.send('Hi there', { metadata: [{ type: 'ExternalId', id: 'card-1' }] });
  const first = (await log.waitFor('message')).payload as DeskMessage;
  expect(first).toMatchObject({
    conversationId: convId,
    dialogId: convId,
    sequence: 0,
    originatorId: consumer.consumerId,
    role: 'CONSUMER',
    fromMe: false,
    text: 'Hi there',
    metadata: [{ type: 'ExternalId', id: 'card-1' }],
  });
  const sequence = await conv.sendText('Pick one', { quickReplies: ['Yes', { title: 'No', text: 'no thanks' }], metadata: [{ type: 'ExternalId', id: 'q-1' }] });
  expect(sequence).toBe(1);
  const offered = await consumer.waitForMessage('Pick one');
  expect(offered.metadata).toEqual([{ type: 'ExternalId', id: 'q-1' }]);
  expect(offered.event.quickReplies).toEqual({
    type: 'quickReplies',
    itemsPerRow: 8,
    replies: [
      { type: 'button', tooltip: 'Yes', title: 'Yes', click: { actions: [{ type: 'publishText', text: 'Yes' }] } },
      { type: 'button', tooltip: 'No', title: 'No', click: { actions: [{ type: 'publishText', text: 'no thanks' }] } },
    ],
  });
  const mine = (await log.waitFor('message', (e) => e.payload.fromMe)).payload as DeskMessage;
  expect(mine).toMatchObject({ sequence: 1, fromMe: true, role: 'ASSIGNED_AGENT', text: 'Pick one', metadata: [{ type: 'ExternalId', id: 'q-1' }] });
  expect(mine.quickReplies).toEqual([{ title: 'Yes', tooltip: 'Yes' }, { title: 'No', text: 'no thanks', tooltip: 'No' }]);
  expect((await conv.latestConsumerMessage())?.text).toBe('Hi there');

  await consumer.close();
  const closed = await log.waitFor('close');
  expect(closed.conversation).toBe(conv);
  expect(closed.payload).toEqual({ closeReason: 'CONSUMER', endTs: expect.any(Number), vanished: false });
  expect(conv.stage).toBe('CLOSE');
  expect(desk.conversation(convId)).toBeUndefined();
  expect(log.lines).toEqual(['ready', 'ring', 'conversation', 'message consumer: Hi there', 'message me: Pick one', 'close CONSUMER']);
});

test('agent close: close() ends the conversation with closeReason AGENT; later actions reject with the service error', async () => {
  const emulator = await emulatorForTest();
  const { desk, log } = deskFor(emulator, { autoAccept: true });
  await log.waitFor('ready');
  const consumer = emulator.consumer();
  await consumer.startConversation();
  const conv = (await log.waitFor('conversation')).payload as Conversation;
  expect(await conv.close()).toBe('OK Conversation closed successfully');
  await consumer.waitForClose();
  expect((await log.waitFor('close')).payload).toMatchObject({ closeReason: 'AGENT', vanished: false });
  await expect(conv.sendText('too late')).rejects.toMatchObject({ message: expect.stringContaining('failed with code 400'), code: 400, service: 'messaging' });
  expect(desk.conversations).toEqual([]);
  expect(log.lines).toEqual(['ready', 'ring', 'conversation', 'close AGENT']);
});

/** A desk that accepts every ring, with an open conversation from a new consumer. */
async function assigned(emulator: Awaited<ReturnType<typeof emulatorForTest>>, skillId?: string) {
  const bot = deskFor(emulator);
  acceptRings(bot.desk);
  await bot.log.waitFor('ready');
  const consumer = emulator.consumer({ skillId });
  await consumer.startConversation();
  const conv = (await bot.log.waitFor('conversation')).payload as Conversation;
  return { ...bot, consumer, conv };
}

test('transfer to skill: the bot sees itself removed and the skill change; an agent of the new skill is rung and takes it', async () => {
  const emulator = await emulatorForTest();
  const sales = emulator.addSkill({ name: 'sales' });
  emulator.addAgent({ username: 'seller', password: 'pw', skills: [sales] });
  const { log, conv, consumer } = await assigned(emulator);
  const seller = deskFor(emulator, { skills: [sales] }, { username: 'seller', password: 'pw' });
  acceptRings(seller.desk);
  await seller.log.waitFor('ready');

  expect(await conv.transferToSkill(sales)).toBe('OK Agent removed successfully');
  const taken = (await seller.log.waitFor('conversation')).payload as Conversation;
  expect(taken).toMatchObject({ id: conv.id, skillId: sales, myRole: 'ASSIGNED_AGENT' });
  await log.waitFor('transfer-skill');
  expect(log.lines).toEqual(['ready', 'ring', 'conversation', 'participant-removed ASSIGNED_AGENT (me)', `transfer-skill -1 -> ${sales}`]);
  expect(conv.skillId).toBe(sales);
  await consumer.send('Hello sales');
  await seller.log.waitFor('message');
  expect(seller.log.lines).toEqual(['ready', 'ring', 'conversation', 'message consumer: Hello sales']);
});

test('transfer to agent: transfer-agent names the suggested agent, who is rung and becomes the assigned agent', async () => {
  const emulator = await emulatorForTest();
  const target = emulator.addAgent({ username: 'target', password: 'pw' });
  const { log, conv, agent } = await assigned(emulator);
  // OCCUPIED: rung for transfers only, so the first conversation went to the bot.
  const other = deskFor(emulator, { availability: 'OCCUPIED' }, { username: 'target', password: 'pw' });
  acceptRings(other.desk);
  await other.log.waitFor('ready');

  expect(await conv.transferToAgent(target.userId)).toBe('OK Agent suggested successfully');
  const taken = (await other.log.waitFor('conversation')).payload as Conversation;
  expect(taken.participantsByRole.ASSIGNED_AGENT).toEqual([target.userPid]);
  await log.waitFor('transfer-agent');
  expect(log.of('transfer-agent')[0].payload).toEqual({ agentId: target.oldAgentId, fromAgentId: agent.agentId });
  expect(log.lines).toEqual(['ready', 'ring', 'conversation', 'participant-removed ASSIGNED_AGENT (me)', `transfer-agent ${target.oldAgentId}`]);
  expect(other.log.lines).toEqual(['ready', 'ring', 'conversation']);
});

test('back to queue: the bot leaves, back-to-queue is reported, and another agent is rung', async () => {
  const emulator = await emulatorForTest();
  emulator.addAgent({ username: 'other', password: 'pw' });
  const { log, conv } = await assigned(emulator);
  const other = deskFor(emulator, {}, { username: 'other', password: 'pw' });
  acceptRings(other.desk);
  await other.log.waitFor('ready');

  expect(await conv.backToQueue()).toBe('OK Agent removed successfully');
  await other.log.waitFor('conversation');
  await log.waitFor('back-to-queue');
  expect(log.of('back-to-queue')[0].payload).toEqual({ agentId: emulator.agent().userPid, skillId: '-1' });
  expect(log.lines).toEqual(['ready', 'ring', 'conversation', 'participant-removed ASSIGNED_AGENT (me)', 'back-to-queue']);
});

test('manager join: a desk with scope "all" sees every conversation, joins as MANAGER and is heard; both desks report the join', async () => {
  const emulator = await emulatorForTest();
  const manager = emulator.addAgent({ username: 'manager', password: 'pw' });
  const { log, conv, consumer } = await assigned(emulator);
  const watcher = deskFor(emulator, { scope: 'all', availability: 'AWAY' }, { username: 'manager', password: 'pw' });
  await watcher.log.waitFor('ready');
  const seen = (await watcher.log.waitFor('conversation')).payload as Conversation;
  expect(seen.myRole).toBeUndefined();
  expect(emulator.agent('manager').availability).toBe('AWAY');

  expect(await seen.join()).toBe('OK Agent added successfully');
  await watcher.log.waitFor('participant-added');
  await seen.sendText('A manager is here');
  await consumer.waitForMessage('A manager is here');
  await log.waitFor('message', (e) => e.payload.text === 'A manager is here');
  expect(seen.myRole).toBe('MANAGER');
  expect(conv.participantsByRole.MANAGER).toEqual([manager.userPid]);
  expect(log.lines).toEqual(['ready', 'ring', 'conversation', 'participant-added MANAGER', 'message manager: A manager is here']);
  await watcher.log.waitFor('message');
  expect(watcher.log.lines).toEqual(['ready', 'conversation', 'participant-added MANAGER (me)', 'message me: A manager is here']);

  expect(await seen.leave()).toBe('OK Agent removed successfully');
  await log.waitFor('participant-removed');
  expect(log.lines.slice(-1)).toEqual(['participant-removed MANAGER']);
});

test('post-survey dialog: closing MAIN on a skill with a survey reports the dialogs, then close once the survey ends', async () => {
  const emulator = await emulatorForTest();
  const pcs = emulator.addSkill({ name: 'pcs', postSurvey: true });
  const { log, conv, consumer } = await assigned(emulator, pcs);

  expect(await conv.closeDialog()).toBe('OK Dialog updated successfully');
  const surveyDialogId = await consumer.waitForSurvey();
  await log.waitFor('dialog', (e) => e.payload.change === 'opened');
  expect(conv).toMatchObject({ state: 'CLOSE', stage: 'OPEN' });
  expect(log.of('dialog').map((e) => e.payload)).toEqual([
    { change: 'closed', dialog: expect.objectContaining({ dialogId: conv.id, dialogType: 'MAIN', state: 'CLOSE', closedBy: 'AGENT' }) },
    { change: 'opened', dialog: expect.objectContaining({ dialogId: surveyDialogId, dialogType: 'POST_SURVEY', state: 'OPEN', metaData: { appInstallId: expect.any(String) } }) },
  ]);
  await consumer.close();
  await log.waitFor('close');
  expect(log.lines).toEqual(['ready', 'ring', 'conversation', 'dialog closed MAIN', 'dialog opened POST_SURVEY', 'close CONSUMER']);
});
