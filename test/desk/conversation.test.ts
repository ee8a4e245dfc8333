import { type Conversation, ConversationDesk, type DeskMessage, InvalidRequestError, type Ring, SDKError } from 'node-agent-sdk';
import * as net from 'net';
import { trackTimers } from '../helpers/events';
import { acceptRings, deskFor } from './helpers';
import { cleanUp, emulatorForTest } from '../helpers/emulator';

afterEach(cleanUp);

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

async function assignedConversation(options: Parameters<typeof deskFor>[1] = {}, config: Parameters<typeof deskFor>[2] = {}) {
  const emulator = await emulatorForTest();
  const bot = deskFor(emulator, options, config);
  acceptRings(bot.desk);
  await bot.log.waitFor('ready');
  const consumer = emulator.consumer();
  await consumer.startConversation();
  const conv = (await bot.log.waitFor('conversation')).payload as Conversation;
  return { emulator, ...bot, consumer, conv };
}

test('what the consumer wrote before the bot joined is reported once, after `conversation`, in order with what follows', async () => {
  const emulator = await emulatorForTest();
  const consumer = emulator.consumer();
  await consumer.startConversation();
  await consumer.send('first');
  await consumer.send('second');
  const { desk, log } = deskFor(emulator);
  acceptRings(desk);
  const conv = (await log.waitFor('conversation')).payload as Conversation;
  await log.waitForLine('message consumer: second');
  await consumer.send('third');
  await log.waitForLine('message consumer: third');
  // `ready` (set-up done) races the profile fetch that precedes `conversation`: left out here.
  expect(log.lines.filter((l) => l !== 'ready')).toEqual(['ring', 'conversation', 'message consumer: first', 'message consumer: second', 'message consumer: third']);
  expect(log.of('message').every((e) => e.conversation === conv)).toBe(true);
});

test('messages(): history by sequence paging, receipts skipped, nothing re-reported; bad paging options reject', async () => {
  const { log, conv, consumer } = await assignedConversation();
  for (const text of ['m0', 'm1', 'm2', 'm3', 'm4', 'm5']) {
    const sequence = await consumer.send(text);
    await log.waitFor('message', (e) => e.payload.sequence === sequence);
    await conv.sendEvent({ type: 'AcceptStatusEvent', status: 'READ', sequenceList: [sequence] });
  }
  const reported = log.entries.length;
  const last = await conv.messages({ limit: 3 });
  expect(last.map((m) => [m.text, m.sequence])).toEqual([['m3', 6], ['m4', 8], ['m5', 10]]);
  const before = await conv.messages({ before: last[0].sequence, limit: 2 });
  expect(before.map((m) => m.text)).toEqual(['m1', 'm2']);
  expect((await conv.messages({ before: 3 })).map((m) => m.text)).toEqual(['m0', 'm1']);
  expect(await conv.messages({ before: 0 })).toEqual([]);
  expect((await conv.messages()).map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
  expect(log.entries.length).toBe(reported);
  await expect(conv.messages({ limit: 0 })).rejects.toMatchObject({ code: 'ERR_INVALID_REQUEST', message: 'messages: limit must be a positive integer' });
  await expect(conv.messages({ limit: 0 })).rejects.toBeInstanceOf(InvalidRequestError);
  await expect(conv.messages({ before: -1 })).rejects.toMatchObject({ code: 'ERR_INVALID_REQUEST' });
});

test('latestConsumerMessage(): from what was seen, or from the history for a conversation the desk never heard', async () => {
  const { emulator, conv, consumer, log } = await assignedConversation();
  expect(await conv.latestConsumerMessage()).toBeUndefined();
  await consumer.send('question?');
  await log.waitForLine('message consumer: question?');
  await conv.sendText('answer');
  expect((await conv.latestConsumerMessage())?.text).toBe('question?');

  const watcher = deskFor(emulator, { scope: 'all', availability: null }, { username: 'bot' });
  const seen = (await watcher.log.waitFor('conversation')).payload as Conversation;
  expect(seen).not.toBe(conv);
  expect(await seen.latestConsumerMessage()).toMatchObject({ text: 'question?', role: 'CONSUMER', sequence: 0, fromMe: false });
});

test('files: upload then download through the file store (trusting the agent ca), sendFile publishes a hosted/file message', async () => {
  const { conv, consumer, log } = await assignedConversation();
  const timers = trackTimers();
  const relativePath = await conv.uploadFile(PNG, 'png');
  expect(relativePath).toMatch(/^\/v1\/AUTH_async-images\/\d+\/[0-9a-f-]+\.PNG$/);
  expect(await conv.downloadFile(relativePath)).toEqual(PNG);
  // Each transfer's deadline is cleared when it ends.
  expect(timers.pending().filter((createdBy) => createdBy.includes('desk'))).toEqual([]);
  timers.stop();

  await conv.sendFile(PNG, 'PNG', { caption: 'a pixel' });
  const shared = await consumer.waitForMessage((r) => r.event.contentType === 'hosted/file');
  const file = (shared.event.message as { relativePath: string }).relativePath;
  const message = (await log.waitFor('message', (e) => e.payload.file)).payload as DeskMessage;
  expect(message.file).toEqual({ relativePath: file, fileType: 'PNG', caption: 'a pixel' });
  expect(await conv.downloadFile(file)).toEqual(PNG);

  await expect(conv.uploadFile('not a buffer' as unknown as Buffer, 'PNG')).rejects.toMatchObject({ code: 'ERR_INVALID_REQUEST' });
  await expect(conv.uploadFile('not a buffer' as unknown as Buffer, 'PNG')).rejects.toBeInstanceOf(InvalidRequestError);
  await expect(conv.uploadFile(PNG, 'BMP')).rejects.toMatchObject({ message: 'uploadFile: fileType must be one of JPG, JPEG, PNG, GIF' });
  await expect(conv.downloadFile('no-slash')).rejects.toMatchObject({ code: 'ERR_INVALID_REQUEST' });
  const missing = await conv.downloadFile(file.replace(/[0-9a-f-]+\.PNG$/, '00000000-0000-0000-0000-000000000000.PNG')).catch((err) => err);
  expect(missing).toBeInstanceOf(SDKError);
  expect(missing).toMatchObject({ message: 'Error on file download: Not Found', code: 404 });
});

test('survey dialog: a survey desk joins the POST_SURVEY dialog as AGENT, asks there by default, hears the answer', async () => {
  const emulator = await emulatorForTest();
  const pcs = emulator.addSkill({ name: 'pcs', postSurvey: true });
  emulator.addAgent({ username: 'survey', password: 'pw' });
  const bot = deskFor(emulator);
  acceptRings(bot.desk);
  const survey = deskFor(emulator, { scope: 'all', availability: 'AWAY' }, { username: 'survey', password: 'pw' });
  await survey.log.waitFor('ready');
  survey.desk.on('dialog', (conv, { dialog, change }) => {
    if (change === 'opened' && dialog.dialogType === 'POST_SURVEY') {
      void conv.join('AGENT', { dialogId: dialog.dialogId }).then(() => conv.sendText('Rate us 1-5'));
    }
  });
  const consumer = emulator.consumer({ skillId: pcs });
  await consumer.startConversation();
  const conv = (await bot.log.waitFor('conversation')).payload as Conversation;
  await conv.closeDialog();
  const question = await consumer.waitForMessage('Rate us 1-5');
  expect(question.dialogId).toBe(await consumer.waitForSurvey());
  await consumer.answerSurvey('5');
  const answer = (await survey.log.waitFor('message', (e) => e.payload.text === '5')).payload as DeskMessage;
  expect(answer).toMatchObject({ dialogId: question.dialogId, conversationId: conv.id, role: 'CONSUMER' });
  expect(survey.log.lines).toEqual([
    'ready',
    'conversation',
    'participant-added ASSIGNED_AGENT',
    'dialog closed MAIN',
    'dialog opened POST_SURVEY',
    'participant-added AGENT (me)',
    'message me: Rate us 1-5',
    'message consumer: 5',
  ]);
});

test('rings: reject() declines (routing offers the conversation again later), a second answer returns the first', async () => {
  const emulator = await emulatorForTest();
  const { log } = deskFor(emulator);
  await log.waitFor('ready');
  await emulator.consumer().startConversation();
  const ring = (await log.waitFor('ring')).payload as Ring;
  const rejecting = ring.reject();
  expect(ring.accept()).toBe(rejecting);
  await rejecting;
  expect(log.lines).toEqual(['ready', 'ring']);
});

test('bad input and failures: clear rejections, listener errors reported, profile failure still announces the conversation', async () => {
  const emulator = await emulatorForTest();
  emulator.faults.failResponses('.ams.userprofile.GetUserProfile', 500, { times: 1 });
  const { agent, desk, log } = deskFor(emulator, { autoAccept: true });
  await log.waitFor('ready');
  desk.once('message', () => {
    throw new Error('listener bug');
  });
  const consumer = emulator.consumer();
  await consumer.startConversation();
  const conv = (await log.waitFor('conversation')).payload as Conversation;
  expect(conv.consumer.profile).toEqual([]);
  await consumer.send('boom');
  await consumer.send('still here');
  await log.waitForLine('message consumer: still here');
  expect(log.lines).toEqual([
    'ready',
    'ring',
    'error Desk#Profile: .ReqBody$StringResp failed with code 500: Emulated failure 500',
    'conversation',
    'message consumer: boom',
    'error Desk#Listener: listener bug',
    'message consumer: still here',
  ]);

  const invalid = { code: 'ERR_INVALID_REQUEST' };
  await expect(conv.sendText('')).rejects.toMatchObject(invalid);
  await expect(conv.sendText('x', { quickReplies: 'yes' as never })).rejects.toMatchObject(invalid);
  await expect(conv.sendEvent(null as never)).rejects.toMatchObject(invalid);
  await expect(conv.sendEvent({ type: 'ChatStateEvent', chatState: 'COMPOSING' }, { metadata: {} as never })).rejects.toMatchObject(invalid);
  await expect(conv.join('CONSUMER')).rejects.toMatchObject(invalid);
  await expect(conv.transferToSkill('')).rejects.toMatchObject(invalid);
  await expect(conv.transferToAgent('')).rejects.toMatchObject(invalid);
  expect(await conv.sendEvent({ type: 'ChatStateEvent', chatState: 'COMPOSING' })).toBe(0);
  await expect(conv.transferToSkill('no-such-skill')).rejects.toMatchObject({ code: 400, message: '.ReqBody$StringResp failed with code 400: Bad request: skill' });

  expect(() => new ConversationDesk({} as never)).toThrow('ConversationDesk needs an Agent');
  expect(() => new ConversationDesk(agent, { scope: 'everything' as never })).toThrow("scope must be 'mine' or 'all'");
  expect(() => new ConversationDesk(agent, { skills: [''] })).toThrow('skills must be an array of skill ids');

  agent.dispose();
  await expect(conv.sendText('offline')).rejects.toMatchObject({ message: 'socket not connected', service: 'messaging' });
});

test('leave() without a role rejects; dispose() detaches the desk while the agent goes on', async () => {
  const { emulator, agent, desk, log, conv, consumer } = await assignedConversation();
  emulator.addAgent({ username: 'manager', password: 'pw' });
  const watcher = deskFor(emulator, { scope: 'all', availability: null }, { username: 'manager', password: 'pw' });
  const seen = (await watcher.log.waitFor('conversation')).payload as Conversation;
  await expect(seen.leave()).rejects.toMatchObject({ message: `not a participant of conversation ${conv.id}` });

  desk.dispose();
  const before = log.entries.length;
  await consumer.send('nobody listens');
  const heard = new Promise((resolve) => agent.once('ms.MessagingEventNotification', resolve));
  await heard;
  expect(log.entries.length).toBe(before);
  expect(desk.conversations).toEqual([]);
  expect(agent.listenerCount('cqm.ExConversationChangeNotification')).toBe(0);
});

test('token auth (no PID known): the desk follows its conversations by the legacy id and still knows its own messages', async () => {
  const emulator = await emulatorForTest();
  const { agent, desk, log } = deskFor(emulator, {}, { ...emulator.tokenConfig(), username: undefined, password: undefined });
  acceptRings(desk);
  await log.waitFor('ready');
  expect(agent.agentId).toBeUndefined();
  const consumer = emulator.consumer();
  await consumer.startConversation();
  const conv = (await log.waitFor('conversation')).payload as Conversation;
  expect(conv.myRole).toBe('ASSIGNED_AGENT');
  await consumer.send('hello');
  await log.waitForLine('message consumer: hello');
  await conv.sendText('hi');
  await log.waitForLine('message me: hi');
  expect(log.lines).toEqual(['ready', 'ring', 'conversation', 'message consumer: hello', 'message me: hi']);
});

test('file transfers are bounded by fileTimeout and leave no timer behind', async () => {
  const timers = trackTimers();
  // A file store that accepts connections and never says a word.
  const silent = net.createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  try {
    const emulator = await emulatorForTest();
    const port = (silent.address() as net.AddressInfo).port;
    const slow = deskFor(emulator, { fileTimeout: 50, autoAccept: true }, { domains: { swift: `127.0.0.1:${port}` } });
    await slow.log.waitFor('ready');
    await emulator.consumer().startConversation();
    const conv = (await slow.log.waitFor('conversation')).payload as Conversation;
    const failed = await conv.uploadFile(PNG, 'PNG').catch((err) => err);
    expect(failed).toBeInstanceOf(SDKError);
    expect(failed).toMatchObject({ message: 'Error on file upload: timed out after 50 ms', code: null });
    expect(timers.pending().filter((createdBy) => createdBy.includes('desk'))).toEqual([]);
  } finally {
    timers.stop();
    silent.close();
  }
});

test('a ring nobody answers follows routing: its state becomes EXPIRED and it is offered once', async () => {
  const emulator = await emulatorForTest({ ringExpirationMs: 30 });
  const { log } = deskFor(emulator);
  await log.waitFor('ready');
  const expired = new Promise<void>((resolve) => emulator.on('ring', (r) => r.ringState === 'EXPIRED' && resolve()));
  await emulator.consumer().startConversation();
  const ring = (await log.waitFor('ring')).payload as Ring;
  await expired;
  await new Promise<void>((resolve) => {
    const check = () => (ring.state === 'EXPIRED' ? resolve() : setImmediate(check));
    check();
  });
  expect(log.lines.filter((l) => l === 'ring')).toEqual(['ring']);
});
