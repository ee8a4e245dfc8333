import { EventLog, recordingCallback, waitFor } from '../helpers/events';
import { Agent, SDKError } from 'node-agent-sdk';
import { REQUESTS, REQUEST_NAMES } from '../../src/requests/table';
import { ACCOUNT, FakeLP, USER_ID, USER_PID } from '../helpers/fake-lp';
import { UUID_V4, framesReceived, onTheWire, sync } from '../helpers/wait';
import { fakeLPSuite } from '../helpers/suite';

const OLD_ID = `${ACCOUNT}.${USER_ID}`;

/** [method, wire type, body the bot passes, body on the wire after the outgoing rewrite] */
const SIXTEEN: Array<[string, string, unknown, unknown]> = [
  ['getClock', '.GetClock', {}, {}],
  [
    'agentRequestConversation',
    '.ams.cm.AgentRequestConversation',
    { consumerId: 'consumer-1', conversationContext: { type: 'ProactiveContext', originConversationId: 'conv-0' } },
    { consumerId: 'consumer-1', conversationContext: { type: 'ProactiveContext', originConversationId: 'conv-0' }, channelType: 'MESSAGING' },
  ],
  [
    'subscribeExConversations',
    '.ams.aam.SubscribeExConversations',
    { convState: ['OPEN'], agentIds: [USER_PID] },
    { convState: ['OPEN'], agentIds: [OLD_ID] },
  ],
  ['unsubscribeExConversations', '.ams.aam.UnsubscribeExConversations', { subscriptionId: 'sub-9' }, { subscriptionId: 'sub-9' }],
  [
    'updateConversationField',
    '.ams.cm.UpdateConversationField',
    { conversationId: 'conv-1', conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER' }] },
    { conversationId: 'conv-1', conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER', userId: OLD_ID }] },
  ],
  [
    'publishEvent',
    '.ams.ms.PublishEvent',
    { dialogId: 'conv-1', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hello' } },
    { dialogId: 'conv-1', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hello' } },
  ],
  [
    'updateRingState',
    '.ams.routing.UpdateRingState',
    { ringId: 'conv-1_123456_1517000827442', ringState: 'ACCEPTED' },
    { ringId: 'conv-1_123456_1517000827442', ringState: 'ACCEPTED' },
  ],
  ['subscribeRoutingTasks', '.ams.routing.SubscribeRoutingTasks', {}, { channelType: 'MESSAGING', agentId: OLD_ID, brandId: ACCOUNT }],
  [
    'updateRoutingTaskSubscription',
    '.ams.routing.UpdateRoutingTaskSubscription',
    { subscriptionId: 'sub-2', skillId: '12' },
    { subscriptionId: 'sub-2', skillId: '12' },
  ],
  ['getUserProfile', '.ams.userprofile.GetUserProfile', 'consumer-1', 'consumer-1'],
  ['setAgentState', '.ams.routing.SetAgentState', { availability: 'ONLINE' }, { availability: 'ONLINE', channels: ['MESSAGING'], agentUserId: OLD_ID }],
  ['subscribeAgentsState', '.ams.routing.SubscribeAgentsState', {}, { brandId: ACCOUNT, agentId: OLD_ID }],
  [
    'subscribeMessagingEvents',
    '.ams.ms.QueryMessages',
    { dialogId: 'conv-1', fromSeq: 4 },
    { dialogId: 'conv-1', fromSeq: 4, newerThanSequence: 4 },
  ],
  [
    'generateURLForDownloadFile',
    '.ams.ms.GenerateURLForDownloadFile',
    { relativePath: '/v1/AUTH_async-images/123456/ab12.PNG' },
    { relativePath: '/v1/AUTH_async-images/123456/ab12.PNG' },
  ],
  ['generateURLForUploadFile', '.ams.ms.GenerateURLForUploadFile', { fileSize: 5020, fileType: 'JPEG' }, { fileSize: 5020, fileType: 'JPEG' }],
  [
    'generateDownloadToken',
    '.ams.ms.token.GenerateDownloadToken',
    { relativePath: '/v1/AUTH_async-images/123456/ab12.PNG' },
    { relativePath: '/v1/AUTH_async-images/123456/ab12.PNG' },
  ],
];

/** The exact JSON text of a request frame: key order included, undefined fields absent. */
function wireText(id: string, type: string, body: unknown, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ kind: 'req', id, type, body, ...extra });
}

describe('requests', () => {
  let lp: FakeLP;
  const suite = fakeLPSuite();
  const { agents } = suite;
  beforeEach(() => {
    lp = suite.lp;
  });

  describe('the sixteen request methods', () => {
    it('are exactly the sixteen of the original, each an own function property of the instance', async () => {
      const agent = await agents.connected(lp);
      expect(Object.keys(REQUESTS).sort()).toEqual(SIXTEEN.map(([name]) => name).sort());
      for (const [name, type] of SIXTEEN) {
        expect(Object.prototype.hasOwnProperty.call(agent, name)).toBe(true);
        expect(typeof (agent as any)[name]).toBe('function');
        // The table keeps the original type; only subscribeMessagingEvents is renamed on the way out.
        expect(REQUESTS[name as keyof typeof REQUESTS].type).toBe(name === 'subscribeMessagingEvents' ? 'ms.SubscribeMessagingEvents' : type);
      }
      // Each request's index (where the statistics count it) is its place in REQUEST_NAMES: 0 to 15, once each.
      expect(REQUEST_NAMES.map((name) => REQUESTS[name].index)).toEqual([...Array(16).keys()]);
    });

    it.each(SIXTEEN)('%s sends a %s frame, emits message:sent with it and returns its id', async (name, type, body, wireBody) => {
      const agent = await agents.connected(lp);
      const sent = EventLog.everything(agent).rows;
      const cb = recordingCallback();
      const returned = (agent as any)[name](body, cb);

      expect(returned).toMatch(UUID_V4);
      await framesReceived(lp, 1);
      const frame = lp.frames[0];
      expect(frame.id).toBe(returned);
      expect(JSON.stringify(frame)).toBe(wireText(returned, type, wireBody));

      const [err] = await cb.settled;
      expect(err).toBeNull();
      const messageSent = sent.filter(([event]) => event === 'message:sent');
      expect(messageSent).toHaveLength(1);
      expect(messageSent[0]).toHaveLength(2);
      expect(onTheWire(messageSent[0][1])).toStrictEqual(frame);
    });

    it('give every request a fresh uuid v4', async () => {
      const agent = await agents.connected(lp);
      const ids = Array.from({ length: 50 }, () => agent.getClock({}));
      await framesReceived(lp, 50);
      for (const id of ids) expect(id).toMatch(UUID_V4);
      expect(new Set(ids).size).toBe(50);
      expect(lp.frames.map((f) => f.id)).toEqual(ids);
    });

    it('send {} for an undefined or null body, and a string body as a bare JSON string', async () => {
      const agent = await agents.connected(lp);
      const a = agent.getClock(undefined);
      const b = (agent.getClock as any)(null);
      const c = agent.getUserProfile('1bb11075bd26fc84');
      await framesReceived(lp, 3);
      expect(lp.frames.map((f) => JSON.stringify(f))).toEqual([
        wireText(a as string, '.GetClock', {}),
        wireText(b as string, '.GetClock', {}),
        wireText(c as string, '.ams.userprofile.GetUserProfile', '1bb11075bd26fc84'),
      ]);
    });

    it('work unbound, as the original’s arrow properties did', async () => {
      const agent = await agents.connected(lp);
      const getClock = agent.getClock;
      const cb = recordingCallback();
      const id = getClock({}, cb);
      expect(await cb.settled).toEqual([null, { currentTime: 1700000000000 }]);
      expect(lp.frames[0].id).toBe(id);
    });

    it('work in a subclass that has methods of its own', async () => {
      class MyBot extends Agent {
        readonly seen: string[] = [];
        constructor(conf: any) {
          super(conf);
          this.on('connected', () => this.seen.push('connected'));
        }
        goOnline(cb: (err: any, body?: unknown) => void): string | undefined {
          return this.setAgentState({ availability: 'ONLINE' }, cb);
        }
      }
      const bot = agents.track(new MyBot(lp.config()));
      await waitFor(bot, 'connected');
      expect(bot).toBeInstanceOf(Agent);
      expect(bot.seen).toEqual(['connected']);
      const cb = recordingCallback();
      const id = bot.goOnline(cb);
      expect(await cb.settled).toEqual([null, 'ok']);
      expect(JSON.stringify(lp.frames[0])).toBe(
        wireText(id as string, '.ams.routing.SetAgentState', { availability: 'ONLINE', channels: ['MESSAGING'], agentUserId: OLD_ID }),
      );
    });
  });

  describe('argument shuffling: (body, headers, metadata, encodedMetadata, callback)', () => {
    const body = { dialogId: 'conv-1', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hi' } };
    const headers = { 'x-trace': '1' };
    const metadata = [{ type: 'ExternalId', id: 'MY_CARD_ID' }];
    const encoded = 'eyJhIjoxfQ==';

    it('takes the callback in the 2nd position: no headers, metadata or encodedMetadata', async () => {
      const agent = await agents.connected(lp);
      const cb = recordingCallback();
      const id = agent.publishEvent(body as any, cb);
      expect(await cb.settled).toEqual([null, { subscriptionId: 'sub-1' }]);
      expect(JSON.stringify(lp.frames[0])).toBe(wireText(id as string, '.ams.ms.PublishEvent', body));
    });

    it('takes the callback in the 3rd position, after headers', async () => {
      const agent = await agents.connected(lp);
      const cb = recordingCallback();
      const id = agent.publishEvent(body as any, headers, cb);
      await cb.settled;
      expect(cb.calls).toHaveLength(1);
      expect(JSON.stringify(lp.frames[0])).toBe(wireText(id as string, '.ams.ms.PublishEvent', body, { headers }));
    });

    it('takes the callback in the 4th position, after headers and metadata', async () => {
      const agent = await agents.connected(lp);
      const cb = recordingCallback();
      const id = agent.publishEvent(body as any, null, metadata, cb);
      await cb.settled;
      expect(JSON.stringify(lp.frames[0])).toBe(wireText(id as string, '.ams.ms.PublishEvent', body, { headers: null, metadata }));
    });

    it('takes the callback in the 5th position, after all three', async () => {
      const agent = await agents.connected(lp);
      const cb = recordingCallback();
      const id = agent.publishEvent(body as any, headers, metadata, encoded, cb);
      await cb.settled;
      expect(JSON.stringify(lp.frames[0])).toBe(
        wireText(id as string, '.ams.ms.PublishEvent', body, { headers, metadata, encodedMetadata: encoded }),
      );
    });

    it('ignores arguments after the callback, as the original did', async () => {
      const agent = await agents.connected(lp);
      const first = recordingCallback();
      const ignored = recordingCallback();
      const id = (agent.publishEvent as any)(body, headers, first, metadata, ignored);
      await first.settled;
      await sync(lp, agent);
      expect(ignored.calls).toEqual([]);
      expect(JSON.stringify(lp.frames[0])).toBe(wireText(id as string, '.ams.ms.PublishEvent', body, { headers }));
    });

    it('sends whatever the bot passes positionally ({} , false, null) and needs no callback', async () => {
      const agent = await agents.connected(lp);
      const id = agent.publishEvent(body as any, {}, false, null);
      expect(id).toMatch(UUID_V4);
      expect(agent.pendingRequestCount).toBe(0);
      await framesReceived(lp, 1);
      expect(JSON.stringify(lp.frames[0])).toBe(
        wireText(id as string, '.ams.ms.PublishEvent', body, { headers: {}, metadata: false, encodedMetadata: null }),
      );
    });

    it('puts headers/metadata/encodedMetadata on the message:sent frame too', async () => {
      const agent = await agents.connected(lp);
      const [frame] = await new Promise<any[]>((resolve) => {
        agent.once('message:sent', (...args: any[]) => resolve(args));
        agent.publishEvent(body as any, headers, metadata, encoded);
      });
      expect(frame).toEqual({ kind: 'req', id: expect.stringMatching(UUID_V4), type: '.ams.ms.PublishEvent', body, headers, metadata, encodedMetadata: encoded });
    });
  });

  describe('responses', () => {
    it('call back (null, body) for a code below 400, after emitting (type, body, reqId)', async () => {
      const agent = await agents.connected(lp);
      lp.responder = undefined;
      const order: any[] = [];
      agent.on('.GetClock$Response', (...args: any[]) => order.push(['event', ...args]));
      const cb = recordingCallback((...args) => order.push(['callback', ...args]));
      const id = agent.getClock({}, cb);
      const request = await lp.nextFrame();
      lp.reply(request, { currentTime: 1 }, 399);
      await cb.settled;
      expect(order).toEqual([
        ['event', { currentTime: 1 }, id],
        ['callback', null, { currentTime: 1 }],
      ]);
    });

    it('call back (whole response frame, body) for a code above 399', async () => {
      const agent = await agents.connected(lp);
      lp.responder = () => ({ code: 400, type: '.ReqBody$StringResp', body: 'Agent does not exist in conversation' });
      const events = EventLog.everything(agent).rows;
      const cb = recordingCallback();
      const id = agent.publishEvent({ dialogId: 'conv-1', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'x' } }, cb);
      const [err, body] = await cb.settled;
      expect(cb.calls[0]).toHaveLength(2);
      expect(err).toStrictEqual({ kind: 'resp', reqId: id, code: 400, type: '.ReqBody$StringResp', body: 'Agent does not exist in conversation' });
      expect(body).toBe('Agent does not exist in conversation');
      expect(events.filter(([e]) => e === '.ReqBody$StringResp')).toEqual([['.ReqBody$StringResp', 'Agent does not exist in conversation', id]]);
    });

    it('treat a response without code as a success, and one without type as a response without event', async () => {
      const agent = await agents.connected(lp);
      lp.responder = undefined;
      const events = EventLog.everything(agent).rows;
      const first = recordingCallback();
      const second = recordingCallback();
      agent.getClock({}, first);
      agent.getClock({}, second);
      await framesReceived(lp, 2);
      lp.push({ kind: 'resp', reqId: lp.frames[0].id, type: '.GetClock$Response', body: { currentTime: 2 } });
      lp.push({ kind: 'resp', reqId: lp.frames[1].id, code: 500, body: 'boom' });
      expect(await first.settled).toEqual([null, { currentTime: 2 }]);
      expect(await second.settled).toEqual([{ kind: 'resp', reqId: lp.frames[1].id, code: 500, body: 'boom' }, 'boom']);
      expect(events.map(([e]) => e)).toEqual(['message:sent', 'message:sent', '.GetClock$Response']);
    });

    it('emit a response with an unknown reqId and otherwise ignore it', async () => {
      const agent = await agents.connected(lp);
      lp.responder = undefined;
      const events = EventLog.everything(agent).rows;
      const cb = recordingCallback();
      const id = agent.getClock({}, cb);
      await framesReceived(lp, 1);
      lp.push({ kind: 'resp', reqId: 'not-a-request', code: 200, type: '.GetClock$Response', body: { currentTime: 3 } });
      await sync(lp, agent);
      expect(cb.calls).toEqual([]);
      expect(agent.pendingRequestCount).toBe(1);
      lp.reply(lp.frames[0], { currentTime: 4 });
      expect(await cb.settled).toEqual([null, { currentTime: 4 }]);
      expect(events.filter(([e]) => e === '.GetClock$Response')).toEqual([
        ['.GetClock$Response', { currentTime: 3 }, 'not-a-request'],
        ['.GetClock$Response', { currentTime: 4 }, id],
      ]);
    });

    it('answer every request exactly once when 1,000 are in flight, answered in reverse order', async () => {
      const agent = await agents.connected(lp);
      lp.responder = undefined;
      const results = new Map<string, any[][]>();
      const ids: string[] = [];
      for (let i = 0; i < 1000; i++) {
        const calls: any[][] = [];
        const id = agent.getClock({}, (...args: any[]) => calls.push(args)) as string;
        results.set(id, calls);
        ids.push(id);
      }
      expect(agent.pendingRequestCount).toBe(1000);
      await framesReceived(lp, 1000);
      for (let i = 999; i >= 0; i--) lp.reply(lp.frames[i], { currentTime: i });
      await sync(lp, agent);
      expect(agent.pendingRequestCount).toBe(0);
      ids.forEach((id, i) => expect(results.get(id)).toEqual([[null, { currentTime: i }]]));
    });
  });

  describe('when not connected', () => {
    it('call back SDKError("socket not connected") (code null, service messaging) and return undefined', async () => {
      const agent = agents.track(new Agent(lp.config()));
      const events = EventLog.everything(agent).rows;
      const cb = recordingCallback();
      expect(agent.getClock({}, cb)).toBeUndefined();
      expect(cb.calls).toHaveLength(1);
      const [err] = cb.calls[0];
      expect(err).toBeInstanceOf(SDKError);
      expect(err).toMatchObject({ message: 'socket not connected', code: null, service: 'messaging' });
      expect(events.filter(([e]) => e === 'message:sent')).toEqual([]);
      await waitFor(agent, 'connected');
      expect(lp.frames).toEqual([]);
    });

    it('neither throw nor send without a callback (the original threw a TypeError)', async () => {
      const agent = await agents.connected(lp);
      lp.socket.close(4401, 'token expired');
      await waitFor(agent, 'closed');
      for (const [name, , body] of SIXTEEN) {
        expect(() => (agent as any)[name](body)).not.toThrow();
        expect((agent as any)[name](body)).toBeUndefined();
      }
      expect(agent.pendingRequestCount).toBe(0);
    });
  });

  describe('timeouts and failures', () => {
    it('time out an unanswered request with SDKError("Request has timed out"), exactly once', async () => {
      const agent = await agents.connected(lp, { requestTimeout: 300, errorCheckInterval: 50 });
      lp.responder = undefined;
      const cb = recordingCallback();
      agent.getClock({}, cb);
      await framesReceived(lp, 1);
      const [err] = await cb.settled;
      expect(err).toBeInstanceOf(SDKError);
      expect(err).toMatchObject({ message: 'Request has timed out', code: null, service: 'messaging' });
      expect(agent.pendingRequestCount).toBe(0);

      // The late answer is emitted like any response, but the callback is not called again.
      const late = waitFor(agent, '.GetClock$Response');
      lp.reply(lp.frames[0], { currentTime: 5 });
      expect(await late).toEqual([{ currentTime: 5 }, lp.frames[0].id]);
      await sync(lp, agent);
      expect(cb.calls).toHaveLength(1);
    });

    it('fail every pending request at once when the server closes the socket, then emit closed with the code', async () => {
      const agent = await agents.connected(lp, { requestTimeout: 60000 });
      lp.responder = undefined;
      const order: string[] = [];
      const callbacks = [1, 2, 3].map((n) => recordingCallback((err: any) => order.push(`cb${n}: ${err.message}`)));
      for (const cb of callbacks) agent.getClock({}, cb);
      await framesReceived(lp, 3);
      agent.on('closed', (code) => order.push(`closed ${code}`));
      lp.socket.close(4401, 'token expired');
      await waitFor(agent, 'closed');
      expect(order).toEqual(['cb1: Request has timed out', 'cb2: Request has timed out', 'cb3: Request has timed out', 'closed 4401']);
      for (const cb of callbacks) {
        expect(cb.calls).toHaveLength(1);
        expect(cb.calls[0][0]).toMatchObject({ message: 'Request has timed out', code: null, service: 'messaging' });
      }
      expect(agent.pendingRequestCount).toBe(0);
      expect(agent.connected).toBe(false);
    });

    it('survive a callback that throws: the throw becomes an error at location Callback, other requests are answered', async () => {
      const agent = await agents.connected(lp);
      lp.responder = undefined;
      const errors: any[][] = [];
      agent.on('error', (...args: any[]) => errors.push(args));
      const boom = new Error('bot bug');
      const thrower = recordingCallback(() => {
        throw boom;
      });
      const other = recordingCallback();
      agent.getClock({}, thrower);
      agent.getClock({}, other);
      await framesReceived(lp, 2);
      lp.reply(lp.frames[0], { currentTime: 1 });
      lp.reply(lp.frames[1], { currentTime: 2 });
      expect(await other.settled).toEqual([null, { currentTime: 2 }]);
      expect(thrower.calls).toEqual([[null, { currentTime: 1 }]]);
      expect(errors).toEqual([[boom, { location: 'Callback' }]]);
      expect(agent.pendingRequestCount).toBe(0);

      // The socket and the bookkeeping still work.
      lp.responder = () => ({ body: { currentTime: 3 } });
      const after = recordingCallback();
      agent.getClock({}, after);
      expect(await after.settled).toEqual([null, { currentTime: 3 }]);
    });

    it('report a callback that throws on timeout the same way, and keep timing out the others', async () => {
      const agent = await agents.connected(lp, { requestTimeout: 200, errorCheckInterval: 20 });
      lp.responder = undefined;
      const errors: any[][] = [];
      agent.on('error', (...args: any[]) => errors.push(args));
      const boom = new Error('bot bug on timeout');
      const thrower = recordingCallback(() => {
        throw boom;
      });
      const other = recordingCallback();
      agent.getClock({}, thrower);
      agent.getClock({}, other);
      const [err] = await other.settled;
      expect(err.message).toBe('Request has timed out');
      expect(thrower.calls).toHaveLength(1);
      expect(errors).toEqual([[boom, { location: 'Callback' }]]);
    });
  });
});
