import { EventLog, recordingCallback } from '../helpers/events';
import { TransformError, type Agent } from 'node-agent-sdk';
import { ACCOUNT, FakeLP, USER_ID, USER_PID } from '../helpers/fake-lp';
import { sync } from '../helpers/wait';
import { fakeLPSuite } from '../helpers/suite';

const OLD_ID = `${ACCOUNT}.${USER_ID}`;
const CONSUMER = '102f8362c4c1fd5d6b1b8d0be18bfb1d2aebc0b8b8f61b5c15f1e7f7e4b5bb11';
const CONV = '38c1ff4b-24e5-2342-8d05-15a62de2daad';

/** An ExConversationChangeNotification (docs/protocol.md) with this agent's ids: what the service sends. */
function wireExConversationChange(): any {
  return {
    subscriptionId: 'e7f5ee81-4556-406c-8c72-94c69dd68fad',
    changes: [
      {
        type: 'UPSERT',
        result: {
          convId: CONV,
          effectiveTTR: -1,
          lastUpdateTime: 1564734095888,
          numberOfunreadMessages: { [OLD_ID]: 0 },
          conversationDetails: {
            convId: CONV,
            skillId: '1251428632',
            brandId: ACCOUNT,
            participants: { CONSUMER: [CONSUMER], ASSIGNED_AGENT: [OLD_ID] },
            participantsPId: { CONSUMER: [CONSUMER], ASSIGNED_AGENT: [USER_PID] },
            dialogs: [mainDialog([{ id: CONSUMER, role: 'CONSUMER', state: 'ACTIVE' }, { id: OLD_ID, role: 'ASSIGNED_AGENT', state: 'ACTIVE' }])],
            state: 'OPEN',
            stage: 'OPEN',
            startTs: 1564685380489,
            metaDataLastUpdateTs: 1564685391000,
            firstConversation: false,
            csatRate: 0,
            note: '',
            ttr: { ttrType: 'NORMAL', value: 1200 },
            context: { type: 'CustomContext', name: 'WhatsApp Business', clientProperties: { type: '.ClientProperties', appId: 'whatsapp' } },
            conversationHandlerDetails: { accountId: ACCOUNT, skillId: '1251428632' },
          },
          lastContentEventNotification: lastContentEvent(),
        },
      },
    ],
  };
}

function mainDialog(participantsDetails: unknown, extra: Record<string, unknown> = {}): any {
  return {
    dialogId: CONV,
    dialogType: 'MAIN',
    channelType: 'MESSAGING',
    state: 'OPEN',
    creationTs: 1564685380489,
    metaDataLastUpdateTs: 1564685391000,
    participantsDetails,
    ...extra,
  };
}

function lastContentEvent(): any {
  return {
    sequence: 3,
    originatorId: CONSUMER,
    originatorPId: CONSUMER,
    originatorMetadata: { id: CONSUMER, role: 'CONSUMER' },
    serverTimestamp: 1564685390000,
    event: { type: 'ContentEvent', message: 'hi', contentType: 'text/plain' },
    dialogId: CONV,
  };
}

/** A minimal ExConversationChange whose conversation details are given (participants and dialogs). */
function exConversation(details: Record<string, unknown>): any {
  return { subscriptionId: 'sub-x', changes: [{ type: 'UPSERT', result: { convId: CONV, conversationDetails: { skillId: '-1', ...details } } }] };
}

/** One messaging event as the service distributes it (docs/protocol.md, "OnlineEventDistribution"). */
function wireMessagingEvent(originatorId: string, originatorPId: string, extra: Record<string, unknown> = {}): any {
  return {
    sequence: 10,
    dialogId: CONV,
    conversationId: CONV,
    originatorId,
    originatorPId,
    originatorClientProperties: { type: '.ClientProperties', ipAddress: '172.26.138.213' },
    originatorMetadata: { id: originatorPId, role: originatorId === CONSUMER ? 'CONSUMER' : 'ASSIGNED_AGENT' },
    serverTimestamp: 1517002351775,
    metadata: [{ type: 'ExternalId', id: 'MY_CARD_ID' }],
    event: { type: 'ContentEvent', message: '16:32:31 GMT-0500 (EST)', contentType: 'text/plain' },
    ...extra,
  };
}

/** What the SDK hands to bots for a raw event: originatorId becomes the PID, originatorPId goes, __isMe comes last. */
function botMessagingEvent(raw: any, isMe: boolean): any {
  const event = JSON.parse(JSON.stringify(raw));
  event.originatorId = event.originatorPId;
  delete event.originatorPId;
  event.__isMe = isMe;
  return event;
}

describe('incoming frames (docs/compatibility.md, "Events and payloads")', () => {
  let lp: FakeLP;
  let agent: Agent;
  let log: any[][];
  const suite = fakeLPSuite();
  const { agents } = suite;
  beforeEach(async () => {
    lp = suite.lp;
    agent = await agents.connected(lp);
    // Without a listener, errors become process warnings instead of events (see emitter.test.ts).
    agent.on('error', () => undefined);
    log = EventLog.everything(agent).rows;
  });

  /** Sends one notification and returns everything the agent emitted for it. */
  async function receive(type: string, body: unknown): Promise<any[][]> {
    const start = log.length;
    lp.notify(type, body);
    await sync(lp, agent);
    return log.slice(start);
  }

  describe('.ams.aam.ExConversationChangeNotification → cqm.ExConversationChangeNotification', () => {
    it('rewrites the raw ExConversationChangeNotification exactly, then emits notification with the rewritten frame', async () => {
      const events = await receive('.ams.aam.ExConversationChangeNotification', wireExConversationChange());
      expect(events.map(([name]) => name)).toEqual(['cqm.ExConversationChangeNotification', 'notification']);
      const [[, body], [, frame]] = events;
      expect(events[0]).toHaveLength(2);
      expect(frame).toEqual({ kind: 'notification', type: 'cqm.ExConversationChangeNotification', body });
      expect(frame.body).toBe(body);

      const expected = {
        subscriptionId: 'e7f5ee81-4556-406c-8c72-94c69dd68fad',
        changes: [
          {
            type: 'UPSERT',
            result: {
              convId: CONV,
              effectiveTTR: -1,
              conversationDetails: {
                skillId: '1251428632',
                brandId: ACCOUNT,
                participants: [
                  { id: CONSUMER, role: 'CONSUMER' },
                  { id: USER_PID, role: 'ASSIGNED_AGENT' },
                ],
                dialogs: [mainDialog([{ id: CONSUMER, role: 'CONSUMER', state: 'ACTIVE' }, { id: USER_PID, role: 'ASSIGNED_AGENT', state: 'ACTIVE' }])],
                state: 'OPEN',
                stage: 'OPEN',
                startTs: 1564685380489,
                metaDataLastUpdateTs: 1564685391000,
                firstConversation: false,
                ttr: { ttrType: 'NORMAL', value: 1200 },
                context: { type: 'CustomContext', name: 'WhatsApp Business', clientProperties: { type: '.ClientProperties', appId: 'whatsapp' } },
                conversationHandlerDetails: { accountId: ACCOUNT, skillId: '1251428632' },
                __myRole: 'ASSIGNED_AGENT',
              },
              // Not rewritten: its originatorPId stays.
              lastContentEventNotification: lastContentEvent(),
            },
          },
        ],
      };
      expect(JSON.stringify(body)).toBe(JSON.stringify(expected));
      const details = body.changes[0].result.conversationDetails;
      expect(typeof details.getMyRole).toBe('function');
      expect(details.getMyRole()).toBe('ASSIGNED_AGENT');
    });

    it('produces the README’s example payload (participants as a list, __myRole) from its raw form', async () => {
      const raw = {
        subscriptionId: 'e7f5ee81-4556-406c-8c72-94c69dd68fad',
        changes: [
          {
            type: 'UPSERT',
            result: {
              convId: '220d3639-ae23-4c90-83e8-455e3bb2cf13',
              lastUpdateTime: 1516999340978,
              numberOfunreadMessages: { [OLD_ID]: 0 },
              conversationDetails: {
                convId: '220d3639-ae23-4c90-83e8-455e3bb2cf13',
                skillId: '-1',
                brandId: ACCOUNT,
                participants: { CONSUMER: ['d51ce914-97ad-4544-a686-8335b61dcdf3'], MANAGER: [`${ACCOUNT}.5555`], ASSIGNED_AGENT: [OLD_ID] },
                participantsPId: {
                  CONSUMER: ['d51ce914-97ad-4544-a686-8335b61dcdf3'],
                  MANAGER: ['1a41233d-1d2c-5158-bacc-ee0f2d384888'],
                  ASSIGNED_AGENT: ['393c6873-756d-54af-86e1-8795d57eba14'],
                },
                dialogs: [],
                state: 'OPEN',
                startTs: 1516999063585,
                metaDataLastUpdateTs: 1516999196220,
                firstConversation: false,
                ttr: { ttrType: 'NORMAL', value: 3600 },
                note: 'a note',
                groupId: 7,
                csatRate: 0,
              },
            },
          },
        ],
      };
      const [[, body]] = await receive('.ams.aam.ExConversationChangeNotification', raw);
      expect(JSON.parse(JSON.stringify(body))).toStrictEqual({
        subscriptionId: 'e7f5ee81-4556-406c-8c72-94c69dd68fad',
        changes: [
          {
            type: 'UPSERT',
            result: {
              convId: '220d3639-ae23-4c90-83e8-455e3bb2cf13',
              conversationDetails: {
                skillId: '-1',
                brandId: ACCOUNT,
                participants: [
                  { id: 'd51ce914-97ad-4544-a686-8335b61dcdf3', role: 'CONSUMER' },
                  { id: '1a41233d-1d2c-5158-bacc-ee0f2d384888', role: 'MANAGER' },
                  { id: '393c6873-756d-54af-86e1-8795d57eba14', role: 'ASSIGNED_AGENT' },
                ],
                dialogs: [],
                state: 'OPEN',
                startTs: 1516999063585,
                metaDataLastUpdateTs: 1516999196220,
                firstConversation: false,
                ttr: { ttrType: 'NORMAL', value: 3600 },
                __myRole: 'ASSIGNED_AGENT',
              },
            },
          },
        ],
      });
    });

    it('sets __myRole from the legacy id in any role, leaves it unset when the agent is not a participant', async () => {
      const manager = exConversation({ participants: { CONSUMER: [CONSUMER], MANAGER: ['123456.1', OLD_ID] }, participantsPId: { CONSUMER: [CONSUMER], MANAGER: ['p1', USER_PID] }, dialogs: [] });
      const outsider = exConversation({ participants: { CONSUMER: [CONSUMER], ASSIGNED_AGENT: ['123456.1'] }, participantsPId: { CONSUMER: [CONSUMER], ASSIGNED_AGENT: ['p1'] }, dialogs: [] });
      const [[, managerBody]] = await receive('.ams.aam.ExConversationChangeNotification', manager);
      const [[, outsiderBody]] = await receive('.ams.aam.ExConversationChangeNotification', outsider);
      expect(managerBody.changes[0].result.conversationDetails.__myRole).toBe('MANAGER');
      expect(managerBody.changes[0].result.conversationDetails.getMyRole()).toBe('MANAGER');
      expect('__myRole' in outsiderBody.changes[0].result.conversationDetails).toBe(false);
      expect(outsiderBody.changes[0].result.conversationDetails.getMyRole()).toBeUndefined();
    });

    it('rewrites DELETE changes too and leaves a change without result alone', async () => {
      const body = exConversation({ participants: { CONSUMER: [CONSUMER] }, participantsPId: { CONSUMER: [CONSUMER] }, dialogs: [] });
      body.changes[0].type = 'DELETE';
      body.changes.push({ type: 'DELETE' });
      const [[, rewritten]] = await receive('.ams.aam.ExConversationChangeNotification', body);
      expect(JSON.parse(JSON.stringify(rewritten.changes))).toStrictEqual([
        { type: 'DELETE', result: { convId: CONV, conversationDetails: { skillId: '-1', participants: [{ id: CONSUMER, role: 'CONSUMER' }], dialogs: [] } } },
        { type: 'DELETE' },
      ]);
    });

    it('skips COBROWSE dialogs silently', async () => {
      const cobrowse = { dialogId: 'cb-1', dialogType: 'OTHER', channelType: 'COBROWSE', participantsDetails: [{ id: OLD_ID, role: 'READER', state: 'ACTIVE' }] };
      const events = await receive(
        '.ams.aam.ExConversationChangeNotification',
        exConversation({ participants: { ASSIGNED_AGENT: [OLD_ID] }, participantsPId: { ASSIGNED_AGENT: [USER_PID] }, dialogs: [cobrowse] }),
      );
      expect(events.map(([name]) => name)).toEqual(['cqm.ExConversationChangeNotification', 'notification']);
      expect(events[0][1].changes[0].result.conversationDetails.dialogs).toEqual([cobrowse]);
    });

    it('warns about an unknown channelType and still rewrites that dialog', async () => {
      const events = await receive(
        '.ams.aam.ExConversationChangeNotification',
        exConversation({
          participants: { ASSIGNED_AGENT: [OLD_ID] },
          participantsPId: { ASSIGNED_AGENT: [USER_PID] },
          dialogs: [{ dialogId: 'v-1', channelType: 'VOICE', participantsDetails: [{ id: OLD_ID, role: 'ASSIGNED_AGENT', state: 'ACTIVE' }] }],
        }),
      );
      expect(events.map(([name]) => name)).toEqual(['warn', 'cqm.ExConversationChangeNotification', 'notification']);
      expect(events[0]).toEqual(['warn', { message: 'Unknown channelType: VOICE' }]);
      expect(events[1][1].changes[0].result.conversationDetails.dialogs[0].participantsDetails).toEqual([{ id: USER_PID, role: 'ASSIGNED_AGENT', state: 'ACTIVE' }]);
    });

    it('skips a SUGGESTED participant whose role has no PIDs, silently (transfer to agent)', async () => {
      const suggested = { id: '7149717.880365851', role: 'ASSIGNED_AGENT', state: 'SUGGESTED' };
      const events = await receive(
        '.ams.aam.ExConversationChangeNotification',
        exConversation({
          participants: { CONSUMER: [CONSUMER] },
          participantsPId: { CONSUMER: [CONSUMER] },
          dialogs: [mainDialog([{ id: CONSUMER, role: 'CONSUMER', state: 'ACTIVE' }, suggested])],
        }),
      );
      expect(events.map(([name]) => name)).toEqual(['cqm.ExConversationChangeNotification', 'notification']);
      expect(events[0][1].changes[0].result.conversationDetails.dialogs[0].participantsDetails).toEqual([
        { id: CONSUMER, role: 'CONSUMER', state: 'ACTIVE' },
        suggested,
      ]);
    });

    it('warns about any other participant whose role has no PIDs, with the exact message', async () => {
      const reader = { id: '123456.42', role: 'READER', state: 'ACTIVE' };
      const events = await receive(
        '.ams.aam.ExConversationChangeNotification',
        exConversation({ participants: { CONSUMER: [CONSUMER] }, participantsPId: { CONSUMER: [CONSUMER] }, dialogs: [mainDialog([reader])] }),
      );
      expect(events[0]).toEqual(['warn', { message: `invalid participant on conversation ${CONV} - {"id":"123456.42","role":"READER","state":"ACTIVE"}` }]);
      expect(events.slice(1).map(([name]) => name)).toEqual(['cqm.ExConversationChangeNotification', 'notification']);
      expect(events[1][1].changes[0].result.conversationDetails.dialogs[0].participantsDetails).toEqual([reader]);
    });

    it('warns about a dialog without participantsDetails and skips it, processing the others', async () => {
      const old = { dialogId: 'old-1', dialogType: 'MAIN', state: 'CLOSE' };
      const events = await receive(
        '.ams.aam.ExConversationChangeNotification',
        exConversation({
          participants: { ASSIGNED_AGENT: [OLD_ID] },
          participantsPId: { ASSIGNED_AGENT: [USER_PID] },
          dialogs: [old, mainDialog([{ id: OLD_ID, role: 'ASSIGNED_AGENT', state: 'ACTIVE' }])],
        }),
      );
      expect(events[0]).toEqual(['warn', { message: 'Invalid dialog information, participantsDetails is missing {"dialogId":"old-1","dialogType":"MAIN","state":"CLOSE"}' }]);
      const dialogs = events[1][1].changes[0].result.conversationDetails.dialogs;
      expect(dialogs[0]).toEqual(old);
      expect(dialogs[1].participantsDetails).toEqual([{ id: USER_PID, role: 'ASSIGNED_AGENT', state: 'ACTIVE' }]);
    });

    it('gives the n-th participant of a role the n-th PID, and keeps the id of extra ones', async () => {
      const events = await receive(
        '.ams.aam.ExConversationChangeNotification',
        exConversation({
          participants: { MANAGER: ['123456.1', '123456.2'] },
          participantsPId: { MANAGER: ['pid-1', 'pid-2'] },
          dialogs: [
            mainDialog([
              { id: '123456.1', role: 'MANAGER', state: 'ACTIVE' },
              { id: '123456.2', role: 'MANAGER', state: 'ACTIVE' },
              { id: '123456.3', role: 'MANAGER', state: 'ACTIVE' },
            ]),
          ],
        }),
      );
      expect(events[0][1].changes[0].result.conversationDetails.dialogs[0].participantsDetails.map((p: any) => p.id)).toEqual(['pid-1', 'pid-2', '123456.3']);
    });

    it('drops a notification without participantsPId: error TransformError (payload = the frame), no other event', async () => {
      const raw = wireExConversationChange();
      delete raw.changes[0].result.conversationDetails.participantsPId;
      const events = await receive('.ams.aam.ExConversationChangeNotification', raw);
      expect(events.map(([name]) => name)).toEqual(['error']);
      expect(events[0]).toHaveLength(2);
      const err = events[0][1];
      expect(err).toBeInstanceOf(TransformError);
      expect(err.message).toBe(`Error: participantsPId key property is missing on notification for convId ${CONV}`);
      expect(err.payload).toMatchObject({ kind: 'notification', body: { subscriptionId: raw.subscriptionId, changes: [{ type: 'UPSERT', result: { convId: CONV } }] } });

      // The agent goes on.
      expect(await receive('.ams.aam.ExConversationChangeNotification', wireExConversationChange())).toHaveLength(2);
    });
  });

  describe('routing notifications', () => {
    it('.ams.routing.RoutingTaskNotification → routing.RoutingTaskNotification without the internal ids', async () => {
      const convId = '41d33e78-9701-4edd-a569-01dfb6c0f40a';
      const ring = {
        ringId: `${convId}_89476943_1517000827442`,
        ringState: 'WAITING',
        ringExpiration: 72000,
        ringExpirationTs: 1517000899442,
        weight: 1517004427244,
        brandId: '89476943',
        convId,
        consumerId: 'd51ce914-97ad-4544-a686-8335b61dcdf3',
        skillId: '-1',
      };
      const raw = {
        subscriptionId: 'be13bab4-ec92-472f-b840-798b4cb476a4',
        changes: [
          {
            type: 'UPSERT',
            result: {
              routingTaskId: 'rt-1',
              brandId: '89476943',
              assignedAgentId: '',
              taskCompleted: false,
              conversationId: convId,
              consumerId: 'd51ce914-97ad-4544-a686-8335b61dcdf3',
              skillId: '-1',
              ringsDetails: [ring],
            },
          },
          { type: 'DELETE', result: { routingTaskId: 'rt-0', conversationId: 'c-0', ringsDetails: [] } },
        ],
      };
      const events = await receive('.ams.routing.RoutingTaskNotification', raw);
      const expected = {
        subscriptionId: 'be13bab4-ec92-472f-b840-798b4cb476a4',
        changes: [
          {
            type: 'UPSERT',
            result: {
              taskCompleted: false,
              conversationId: convId,
              consumerId: 'd51ce914-97ad-4544-a686-8335b61dcdf3',
              skillId: '-1',
              ringsDetails: [{ ringId: ring.ringId, ringState: 'WAITING', ringExpiration: 72000, ringExpirationTs: 1517000899442, weight: 1517004427244 }],
            },
          },
          { type: 'DELETE', result: { conversationId: 'c-0', ringsDetails: [] } },
        ],
      };
      expect(events).toEqual([
        ['routing.RoutingTaskNotification', expected],
        ['notification', { kind: 'notification', type: 'routing.RoutingTaskNotification', body: expected }],
      ]);
    });

    it('.ams.routing.AgentStateNotification → routing.AgentStateNotification without agentUserId', async () => {
      const raw = {
        subscriptionId: '5ebe7fcd-c59e-4fd2-a622-ec412a01a549',
        changes: [{ type: 'UPSERT', result: { agentUserId: OLD_ID, channels: ['MESSAGING'], availability: 'ONLINE', description: '' } }],
      };
      const expected = {
        subscriptionId: '5ebe7fcd-c59e-4fd2-a622-ec412a01a549',
        changes: [{ type: 'UPSERT', result: { channels: ['MESSAGING'], availability: 'ONLINE', description: '' } }],
      };
      expect(await receive('.ams.routing.AgentStateNotification', raw)).toEqual([
        ['routing.AgentStateNotification', expected],
        ['notification', { kind: 'notification', type: 'routing.AgentStateNotification', body: expected }],
      ]);
    });

    it('.ams.routing.RingUpdated → deprecated, without body', async () => {
      const events = await receive('.ams.routing.RingUpdated', { ringId: 'r-1', convId: CONV, consumerId: CONSUMER, skillId: '-1' });
      expect(events.map(([name]) => name)).toEqual(['deprecated', 'notification']);
      expect(events[0]).toEqual(['deprecated', undefined]);
      expect(events[1][1]).toStrictEqual({ kind: 'notification', type: 'deprecated' });
    });
  });

  describe('messaging events', () => {
    it('.ams.ms.OnlineEventDistribution → ms.MessagingEventNotification {dialogId, changes:[event]}, the agent’s own', async () => {
      const raw = wireMessagingEvent(OLD_ID, USER_PID);
      const events = await receive('.ams.ms.OnlineEventDistribution', raw);
      expect(events.map(([name]) => name)).toEqual(['ms.MessagingEventNotification', 'notification']);
      const [[, body], [, frame]] = events;
      expect(JSON.stringify(body)).toBe(JSON.stringify({ dialogId: CONV, changes: [botMessagingEvent(raw, true)] }));
      expect(body.changes[0].isMe()).toBe(true);
      expect(frame).toEqual({ kind: 'notification', type: 'ms.MessagingEventNotification', body });
      expect(frame.body).toBe(body);
    });

    it('marks a consumer’s event (and a typing event without sequence) as not the agent’s', async () => {
      const typing = { event: { type: 'ChatStateEvent', chatState: 'COMPOSING' } };
      const raw = wireMessagingEvent(CONSUMER, CONSUMER, typing);
      delete raw.sequence;
      delete raw.serverTimestamp;
      const expected = botMessagingEvent(raw, false);
      const [[, body]] = await receive('.ams.ms.OnlineEventDistribution', raw);
      expect(JSON.stringify(body)).toBe(JSON.stringify({ dialogId: CONV, changes: [expected] }));
      expect(expected.sequence).toBeUndefined();
      expect(body.changes[0].isMe()).toBe(false);
    });

    it('subscribeMessagingEvents: one ms.MessagingEventNotification, then GenericSubscribeResponse, then callback(null, undefined)', async () => {
      const history = [wireMessagingEvent(CONSUMER, CONSUMER, { sequence: 0 }), wireMessagingEvent(OLD_ID, USER_PID, { sequence: 1 })];
      const expected = { dialogId: CONV, changes: [botMessagingEvent(history[0], false), botMessagingEvent(history[1], true)] };
      lp.responder = (frame) => ({ body: history, type: `${frame.type}$Response` });
      const cb = recordingCallback((...args) => log.push(['callback', ...args]));
      const id = agent.subscribeMessagingEvents({ dialogId: CONV }, cb);
      await cb.settled;
      expect(log.map(([name]) => name)).toEqual(['message:sent', 'ms.MessagingEventNotification', 'notification', 'GenericSubscribeResponse', 'callback']);
      const body = log[1][1];
      expect(JSON.stringify(body)).toBe(JSON.stringify(expected));
      expect(body.changes.map((c: any) => c.isMe())).toEqual([false, true]);
      expect(log[2][1]).toEqual({ kind: 'notification', type: 'ms.MessagingEventNotification', body });
      expect(log[3]).toEqual(['GenericSubscribeResponse', undefined, id]);
      expect(log[4]).toEqual(['callback', null, undefined]);
    });

    it('rewrites an error response too before calling back (whole rewritten frame, body)', async () => {
      lp.responder = (frame) => ({ code: 400, body: [], type: `${frame.type}$Response` });
      const cb = recordingCallback();
      const id = agent.subscribeMessagingEvents({ dialogId: CONV }, cb);
      const [err, body] = await cb.settled;
      expect(err).toStrictEqual({ kind: 'resp', reqId: id, code: 400, type: 'GenericSubscribeResponse' });
      expect(body).toBeUndefined();
    });

    it('subscribeMessagingEvents with no events: no notification, just the response', async () => {
      const cb = recordingCallback((...args) => log.push(['callback', ...args]));
      const id = agent.subscribeMessagingEvents({ dialogId: CONV }, cb);
      await cb.settled;
      expect(log).toEqual([
        ['message:sent', expect.objectContaining({ id, type: '.ams.ms.QueryMessages' })],
        ['GenericSubscribeResponse', undefined, id],
        ['callback', null, undefined],
      ]);
    });
  });

  describe('.ams.userprofile.GetUserProfile$Response → SDE array', () => {
    async function profile(body: unknown): Promise<any[]> {
      lp.responder = (frame) => ({ body, type: `${frame.type}$Response` });
      const cb = recordingCallback();
      agent.getUserProfile(CONSUMER, cb);
      return cb.settled;
    }

    it('builds claims SDEs (+acr, iss), authenticated SDEs (+auth), ctmrinfo and personal', async () => {
      const [err, sdes] = await profile({
        firstName: 'Michael',
        lastName: 'Bolton',
        userId: CONSUMER,
        avatarUrl: 'https://a/b.png',
        description: 'd',
        privateData: { mobileNum: '+1-800-555', email: 'm@b.com', userId: 'cust-1' },
        authenticatedData: { lp_sdes: [{ type: 'ctmrinfo', info: { customerId: '138766AC' } }] },
        claims: { iss: 'https://idp.example', lp_sdes: [{ type: 'personal', personal: { firstname: 'M' } }] },
        acr: 'loa1',
      });
      expect(err).toBeNull();
      expect(sdes).toStrictEqual([
        { type: 'personal', personal: { firstname: 'M' }, acr: 'loa1', iss: 'https://idp.example' },
        { type: 'ctmrinfo', info: { customerId: '138766AC' }, auth: {} },
        { type: 'ctmrinfo', info: { imei: '+1-800-555', customerId: 'cust-1' } },
        { type: 'personal', personal: { firstname: 'Michael', lastname: 'Bolton', contacts: [{ email: 'm@b.com', phone: '+1-800-555' }] } },
      ]);
      const response = log.find(([name]) => name === '.ams.userprofile.GetUserProfile$Response');
      expect(response?.[1]).toBe(sdes);
    });

    it('keeps only the fields present, and gives [] for an empty profile or a string body', async () => {
      const [, partial] = await profile({ privateData: { email: 'm@b.com' } });
      expect(JSON.parse(JSON.stringify(partial))).toStrictEqual([{ type: 'personal', personal: { contacts: [{ email: 'm@b.com' }] } }]);
      expect((await profile({}))[1]).toStrictEqual([]);
      expect((await profile({ userId: `${ACCOUNT}.${USER_ID}` }))[1]).toStrictEqual([]);
      expect((await profile('just a string'))[1]).toStrictEqual([]);
    });

    it('a body the rewrite cannot handle: error TransformError, and the callback gets it (not a timeout)', async () => {
      const errors: any[][] = [];
      agent.on('error', (...args: any[]) => errors.push(args));
      lp.responder = (frame) => ({ body: null, type: `${frame.type}$Response` });
      const cb = recordingCallback();
      const id = agent.getUserProfile(CONSUMER, cb);
      const [err, body] = await cb.settled;
      expect(err).toBeInstanceOf(TransformError);
      expect(err.message).toBe("TypeError: Cannot read properties of null (reading 'authenticatedData')");
      expect(err.payload).toStrictEqual({ kind: 'resp', reqId: id, code: 200, type: '.ams.userprofile.GetUserProfile$Response', body: null });
      expect(body).toBeUndefined();
      expect(errors).toEqual([[err]]);
      expect(log.some(([name]) => name === '.ams.userprofile.GetUserProfile$Response')).toBe(false);
      expect(agent.pendingRequestCount).toBe(0);
    });
  });

  describe('raw frames', () => {
    it('emits a type without rewrite as it came, then notification with the whole frame', async () => {
      expect(await receive('.ams.some.FutureNotification', { a: 1 })).toEqual([
        ['.ams.some.FutureNotification', { a: 1 }],
        ['notification', { kind: 'notification', type: '.ams.some.FutureNotification', body: { a: 1 } }],
      ]);
    });

    it('emits only notification for a notification without type, and nothing for other kinds or non-objects', async () => {
      const start = log.length;
      lp.push({ kind: 'notification', body: { a: 2 } });
      lp.push({ kind: 'req', id: 'x', type: '.GetClock', body: {} });
      lp.push({ type: 'no-kind', body: {} });
      lp.push('42');
      lp.push('null');
      lp.push('"text"');
      await sync(lp, agent);
      expect(log.slice(start)).toEqual([['notification', { kind: 'notification', body: { a: 2 } }]]);
    });

    it('ignores malformed JSON without any event, as the original did, then keeps working', async () => {
      const start = log.length;
      lp.push('{"kind":"notification",');
      await sync(lp, agent);
      expect(log.slice(start)).toEqual([]);

      const cb = recordingCallback();
      agent.getClock({}, cb);
      expect(await cb.settled).toEqual([null, { currentTime: 1700000000000 }]);
    });

    it('reports a listener that throws on a notification as an error at location Listener; the socket goes on', async () => {
      const boom = new Error('listener bug');
      agent.once('.ams.some.FutureNotification', () => {
        throw boom;
      });
      const events = await receive('.ams.some.FutureNotification', { a: 1 });
      expect(events).toEqual([
        ['.ams.some.FutureNotification', { a: 1 }],
        ['error', boom, { location: 'Listener' }],
      ]);
      expect(agent.connected).toBe(true);
      expect(await receive('.ams.some.FutureNotification', { a: 2 })).toEqual([
        ['.ams.some.FutureNotification', { a: 2 }],
        ['notification', { kind: 'notification', type: '.ams.some.FutureNotification', body: { a: 2 } }],
      ]);
    });

    it('still answers the request when a listener of its response type throws', async () => {
      const boom = new Error('response listener bug');
      agent.once('.GetClock$Response', () => {
        throw boom;
      });
      const cb = recordingCallback((...args) => log.push(['callback', ...args]));
      agent.getClock({}, cb);
      await cb.settled;
      await sync(lp, agent);
      expect(log.map(([name]) => name)).toEqual(['message:sent', '.GetClock$Response', 'callback', 'error']);
      expect(log[2]).toEqual(['callback', null, { currentTime: 1700000000000 }]);
      expect(log[3]).toEqual(['error', boom, { location: 'Listener' }]);
      expect(agent.pendingRequestCount).toBe(0);
    });
  });
});
