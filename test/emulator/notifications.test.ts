import { EVENT, EXCONV, type Frame, ROUTING, UmsClient, acceptRing, acceptedConversation, closeAll, readyBot, text } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

afterEach(closeAll);

describe('.ams.aam.ExConversationChangeNotification', () => {
  test('raw UPSERT: legacy ids in participants and participantsDetails, PIDs in participantsPId', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    await bot.request('.ams.aam.SubscribeExConversations', { convState: ['OPEN'], agentIds: [bot.oldAgentId] });
    const consumer = emu.consumer();
    const convId = await consumer.startConversation();
    await bot.sync();
    expect(bot.changes(EXCONV)).toEqual([]); // not a participant yet
    await acceptRing(bot, convId);
    const note = await bot.waitFor((f) => f.type === EXCONV && f.body.changes.length > 0);
    const [sub] = bot.frames.filter((f) => f.type === '.ams.aam.SubscribeExConversations$Response');
    expect(note.body.subscriptionId).toBe(sub.body.subscriptionId);
    const c = consumer.consumerId;
    expect(note.body.changes).toEqual([
      {
        type: 'UPSERT',
        result: {
          convId,
          effectiveTTR: -1,
          lastUpdateTime: expect.any(Number),
          numberOfunreadMessages: { [bot.oldAgentId]: 0 },
          conversationDetails: {
            convId,
            skillId: '-1',
            brandId: emu.accountId,
            participants: { CONSUMER: [c], ASSIGNED_AGENT: [bot.oldAgentId] },
            participantsPId: { CONSUMER: [c], ASSIGNED_AGENT: [bot.login.userPid] },
            dialogs: [
              {
                dialogId: convId,
                participantsDetails: [
                  { id: c, role: 'CONSUMER', state: 'ACTIVE' },
                  { id: bot.oldAgentId, role: 'ASSIGNED_AGENT', state: 'ACTIVE' },
                ],
                dialogType: 'MAIN',
                channelType: 'MESSAGING',
                state: 'OPEN',
                creationTs: expect.any(Number),
                metaDataLastUpdateTs: expect.any(Number),
              },
            ],
            state: 'OPEN',
            stage: 'OPEN',
            startTs: expect.any(Number),
            metaDataLastUpdateTs: expect.any(Number),
            firstConversation: false,
            csatRate: 0,
            note: '',
            ttr: { ttrType: 'NORMAL', value: 3600 },
            context: expect.any(Object),
            conversationHandlerDetails: { accountId: emu.accountId, skillId: '-1' },
          },
        },
      },
    ]);
  });

  test('initial batch holds existing matches; an unfiltered subscription sees new conversations at once', async () => {
    const emu = await emulatorForTest();
    const first = await emu.consumer().startConversation();
    const bot = await UmsClient.as(emu);
    await bot.request('.ams.aam.SubscribeExConversations', { convState: ['OPEN'] });
    const batch = await bot.waitFor((f) => f.type === EXCONV);
    expect(batch.body.changes.map((c: Frame) => [c.type, c.result.convId])).toEqual([['UPSERT', first]]);
    const second = await emu.consumer().startConversation();
    await bot.sync();
    const [, opened] = bot.notifications(EXCONV);
    expect(opened.body.changes[0]).toMatchObject({
      type: 'UPSERT',
      result: { convId: second, conversationDetails: { participants: { CONSUMER: [expect.any(String)] }, state: 'OPEN' } },
    });
  });

  test('content updates lastContentEventNotification inside result', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    await bot.request('.ams.aam.SubscribeExConversations', {});
    const consumer = emu.consumer();
    const convId = await consumer.startConversation();
    await consumer.send('hi');
    await bot.sync();
    const last = bot.changes(EXCONV).pop() as Frame;
    expect(last.result.lastContentEventNotification).toMatchObject({
      sequence: 0, dialogId: convId, originatorId: consumer.consumerId, originatorPId: consumer.consumerId,
      originatorMetadata: { id: consumer.consumerId, role: 'CONSUMER' }, event: text('hi'),
    });
  });

  test('closing: OPEN-filtered subscriptions get DELETE with the full result, CLOSE-inclusive ones UPSERT', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    const open = await bot.request('.ams.aam.SubscribeExConversations', { convState: ['OPEN'], agentIds: [bot.oldAgentId] });
    const all = await bot.request('.ams.aam.SubscribeExConversations', { convState: ['OPEN', 'CLOSE'] });
    const convId = await emu.consumer().startConversation();
    await acceptRing(bot, convId);
    const resp = await bot.request('.ams.cm.UpdateConversationField', {
      conversationId: convId,
      conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }],
    });
    expect(resp).toMatchObject({ code: 200, body: expect.stringMatching(/^OK /) });
    await bot.sync();
    const last = (id: string) =>
      bot.notifications(EXCONV).filter((n) => n.body.subscriptionId === id).pop()?.body.changes[0];
    const deleted = last(open.body.subscriptionId);
    expect(deleted.type).toBe('DELETE');
    expect(deleted.result).toMatchObject({
      convId,
      conversationDetails: {
        skillId: '-1', state: 'CLOSE', stage: 'CLOSE', closeReason: 'AGENT', endTs: expect.any(Number),
        participantsPId: { ASSIGNED_AGENT: [bot.login.userPid] },
        dialogs: [{ dialogId: convId, state: 'CLOSE', closedBy: 'AGENT', endTs: expect.any(Number), participantsDetails: expect.any(Array) }],
      },
    });
    expect(last(all.body.subscriptionId)).toMatchObject({ type: 'UPSERT', result: { conversationDetails: { stage: 'CLOSE' } } });
    const respIndex = bot.indexOf((f) => f.reqId === resp.reqId);
    expect(bot.indexOf((f) => f.type === EXCONV && f.body.changes[0]?.type === 'DELETE')).toBeGreaterThan(respIndex);
  });

  test('stage and consumerId filters', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    const a = emu.consumer();
    const b = emu.consumer();
    await a.startConversation();
    await b.startConversation();
    await bot.request('.ams.aam.SubscribeExConversations', { stage: ['OPEN'], consumerId: b.consumerId });
    const batch = await bot.waitFor((f) => f.type === EXCONV);
    expect(batch.body.changes.map((c: Frame) => c.result.convId)).toEqual([b.conversationId]);
  });
});

describe('.ams.routing.RoutingTaskNotification', () => {
  test('rings go to ONLINE agents with a routing subscription only', async () => {
    const emu = await emulatorForTest();
    emu.addAgent({ username: 'away', password: 'pw' });
    emu.addAgent({ username: 'nosub', password: 'pw' });
    const bot = await readyBot(emu);
    const away = await UmsClient.as(emu, 'away', 'pw');
    await away.request('.ams.routing.SetAgentState', { availability: 'AWAY' });
    await away.request('.ams.routing.SubscribeRoutingTasks', {});
    const nosub = await UmsClient.as(emu, 'nosub', 'pw');
    await nosub.request('.ams.routing.SetAgentState', { availability: 'ONLINE' });
    const consumer = emu.consumer();
    const convId = await consumer.startConversation();
    const ring = await bot.waitFor((f) => f.type === ROUTING && f.body.changes.length > 0);
    const sub = bot.frames.find((f) => f.type === '.ams.GenericSubscribe$Response') as Frame;
    const createdTs = Number(ring.body.changes[0].result.ringsDetails[0].ringId.split('_')[2]);
    expect(ring.body).toEqual({
      subscriptionId: sub.body.subscriptionId,
      changes: [
        {
          type: 'UPSERT',
          result: {
            routingTaskId: expect.any(String),
            brandId: emu.accountId,
            assignedAgentId: '',
            taskCompleted: false,
            conversationId: convId,
            consumerId: consumer.consumerId,
            skillId: '-1',
            ringsDetails: [
              {
                ringId: `${convId}_${emu.accountId}_${createdTs}`,
                ringState: 'WAITING',
                ringExpiration: 72000,
                ringExpirationTs: createdTs + 72000,
                weight: expect.any(Number),
                brandId: emu.accountId,
                convId,
                consumerId: consumer.consumerId,
                skillId: '-1',
              },
            ],
          },
        },
      ],
    });
    await away.sync();
    await nosub.sync();
    expect(away.changes(ROUTING)).toEqual([]);
    expect(nosub.notifications(ROUTING)).toEqual([]);
    // Coming ONLINE later rings the queued conversation.
    await away.request('.ams.routing.SetAgentState', { availability: 'ONLINE' });
    await away.sync();
    expect(away.changes(ROUTING).map((c) => c.result.ringsDetails[0].ringState)).toEqual(['WAITING']);
  });

  test('accept: ACCEPTED + taskCompleted for the winner; CANCELLED then DELETE for the others', async () => {
    const emu = await emulatorForTest();
    emu.addAgent({ username: 'second', password: 'pw' });
    const bot = await readyBot(emu);
    const second = await readyBot(emu, 'second', 'pw');
    const convId = await emu.consumer().startConversation();
    await second.waitFor((f) => f.type === ROUTING && f.body.changes.length > 0);
    await acceptRing(bot, convId);
    await bot.sync();
    await second.sync();
    const mine = bot.changes(ROUTING);
    expect(mine.map((c) => [c.type, c.result.ringsDetails[0].ringState, c.result.taskCompleted])).toEqual([
      ['UPSERT', 'WAITING', false],
      ['UPSERT', 'ACCEPTED', true],
    ]);
    expect(mine[1].result.assignedAgentId).toBe(bot.oldAgentId);
    const theirs = second.changes(ROUTING);
    expect(theirs.map((c) => [c.type, c.result.ringsDetails[0].ringState])).toEqual([
      ['UPSERT', 'WAITING'],
      ['UPSERT', 'CANCELLED'],
      ['DELETE', 'CANCELLED'],
    ]);
    expect(theirs.every((c) => Array.isArray(c.result.ringsDetails))).toBe(true);
  });

  test('REJECTED and EXPIRED rings', async () => {
    const emu = await emulatorForTest();
    emu.addAgent({ username: 'second', password: 'pw' });
    const bot = await readyBot(emu);
    const convId = await emu.consumer().startConversation();
    const waiting = await bot.waitFor((f) => f.type === ROUTING && f.body.changes.length > 0);
    const ringId = waiting.body.changes[0].result.ringsDetails[0].ringId;
    await bot.request('.ams.routing.UpdateRingState', { ringId, ringState: 'REJECTED' });
    await bot.sync();
    expect(bot.changes(ROUTING).map((c) => c.result.ringsDetails[0].ringState)).toEqual(['WAITING', 'REJECTED']);
    emu.ringExpirationMs = 30; // rings created from now on
    const second = await readyBot(emu, 'second', 'pw');
    const expired = await second.waitFor((f) => f.type === ROUTING && f.body.changes[0]?.result.ringsDetails[0].ringState === 'EXPIRED');
    expect(expired.body.changes[0].result).toMatchObject({ conversationId: convId, taskCompleted: false });
    expect(expired.body.changes[0].result.ringsDetails[0].ringExpiration).toBe(30);
    expect(emu.conversation(convId)?.conversationDetails.participants).not.toHaveProperty('ASSIGNED_AGENT');
  });
});

test('a conversation closed while ringing cancels its rings (CANCELLED, then DELETE)', async () => {
  const emu = await emulatorForTest();
  const bot = await readyBot(emu);
  const consumer = emu.consumer();
  const convId = await consumer.startConversation();
  await bot.waitFor((f) => f.type === ROUTING && f.body.changes.length > 0);
  await consumer.close();
  await bot.sync();
  expect(bot.changes(ROUTING).map((c) => [c.type, c.result.conversationId, c.result.ringsDetails[0].ringState])).toEqual([
    ['UPSERT', convId, 'WAITING'],
    ['UPSERT', convId, 'CANCELLED'],
    ['DELETE', convId, 'CANCELLED'],
  ]);
});

describe('.ams.ms.OnlineEventDistribution', () => {
  test('to every participating connection, publisher included, after the response; metadata passes through', async () => {
    const emu = await emulatorForTest();
    emu.addAgent({ username: 'mgr', password: 'pw' });
    emu.addAgent({ username: 'outsider', password: 'pw' });
    const bot = await readyBot(emu);
    const mgr = await UmsClient.as(emu, 'mgr', 'pw');
    const outsider = await UmsClient.as(emu, 'outsider', 'pw');
    const { consumer, convId } = await acceptedConversation(emu, bot);
    await mgr.request('.ams.cm.UpdateConversationField', {
      conversationId: convId,
      conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER', userId: `${emu.accountId}.${mgr.login.userId}` }],
    });
    const metadata = [{ type: 'ExternalId', id: 'MY_CARD_ID' }];
    const id = bot.send('.ams.ms.PublishEvent', { dialogId: convId, event: text('hello') }, { metadata, headers: null });
    const own = await bot.waitFor((f) => f.type === EVENT);
    expect(bot.indexOf((f) => f.reqId === id)).toBeLessThan(bot.frames.indexOf(own));
    expect(own).toEqual({
      kind: 'notification',
      type: EVENT,
      body: {
        sequence: 0,
        dialogId: convId,
        conversationId: convId,
        originatorId: bot.oldAgentId,
        originatorPId: bot.login.userPid,
        originatorClientProperties: { type: '.ClientProperties', ipAddress: '127.0.0.1' },
        originatorMetadata: { id: bot.login.userPid, role: 'ASSIGNED_AGENT', clientProperties: { type: '.ClientProperties', ipAddress: '127.0.0.1' } },
        serverTimestamp: expect.any(Number),
        metadata,
        event: text('hello'),
      },
    });
    expect(await mgr.waitFor((f) => f.type === EVENT)).toEqual(own);
    expect((await consumer.waitForMessage('hello')).metadata).toEqual(metadata);
    await outsider.sync();
    expect(outsider.notifications(EVENT)).toEqual([]);
  });

  test('ChatStateEvent is distributed without sequence or serverTimestamp; one event per frame', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    const { consumer } = await acceptedConversation(emu, bot);
    await consumer.typing('COMPOSING');
    await consumer.send('one');
    await consumer.send('two');
    await bot.sync();
    const bodies = bot.notifications(EVENT).map((n) => n.body);
    expect(bodies.map((b) => [b.sequence, b.event.type])).toEqual([
      [undefined, 'ChatStateEvent'],
      [0, 'ContentEvent'],
      [1, 'ContentEvent'],
    ]);
    expect(bodies[0]).not.toHaveProperty('serverTimestamp');
    expect(bodies[0]).not.toHaveProperty('sequence');
    expect(bodies[0].event).toEqual({ type: 'ChatStateEvent', chatState: 'COMPOSING' });
  });

  test('AGENTS_AND_MANAGERS messages reach agents but not the consumer', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    const { consumer, convId } = await acceptedConversation(emu, bot);
    await bot.request('.ams.ms.PublishEvent', { dialogId: convId, event: text('private'), messageAudience: 'AGENTS_AND_MANAGERS' });
    await bot.request('.ams.ms.PublishEvent', { dialogId: convId, event: text('public') });
    await consumer.waitForMessage('public');
    await bot.sync();
    expect(consumer.messages.map((m) => m.event.message)).toEqual(['public']);
    expect(bot.notifications(EVENT).map((n) => n.body.event.message)).toEqual(['private', 'public']);
  });
});
