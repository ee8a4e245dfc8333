import {
  AbortError,
  Agent,
  ClosedBeforeOpenError,
  ErrorCode,
  EventTimeoutError,
  InvalidRequestError,
  NotConnectedError,
  RequestTimeoutError,
  ResponseError,
  SDKError,
  TransformError,
} from 'node-agent-sdk';
import { ACCOUNT, FakeLP, USER_ID } from '../helpers/fake-lp';
import { framesReceived, sync } from '../helpers/wait';
import { waitFor } from '../helpers/events';
import { fakeLPSuite } from '../helpers/suite';

const OLD_ID = `${ACCOUNT}.${USER_ID}`;

describe('the promise API: agent.promises.<request>(body, options)', () => {
  let lp: FakeLP;
  const suite = fakeLPSuite();
  const { agents } = suite;
  beforeEach(() => {
    lp = suite.lp;
  });

  it('resolves with the response body, sending the same frame as the callback method', async () => {
    const agent = await agents.connected(lp);
    expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
    expect(await agent.promises.setAgentState({ availability: 'ONLINE' })).toBe('ok');
    expect(await agent.promises.subscribeMessagingEvents({ dialogId: 'd-1' })).toBeUndefined();
    expect(lp.frames.map((f) => [f.type, f.body])).toEqual([
      ['.GetClock', {}],
      ['.ams.routing.SetAgentState', { availability: 'ONLINE', channels: ['MESSAGING'], agentUserId: OLD_ID }],
      ['.ams.ms.QueryMessages', { dialogId: 'd-1', newerThanSequence: 0 }],
    ]);
  });

  it('puts headers, metadata and encodedMetadata of the options on the frame', async () => {
    const agent = await agents.connected(lp);
    const metadata = [{ type: 'ExternalId', id: 'MY_CARD_ID' }];
    await agent.promises.publishEvent(
      { dialogId: 'd-1', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hi' } },
      { headers: { h: 1 }, metadata, encodedMetadata: 'eyJhIjoxfQ==' },
    );
    const frame = lp.frames[0];
    expect(JSON.stringify(frame)).toBe(
      JSON.stringify({
        kind: 'req',
        id: frame.id,
        type: '.ams.ms.PublishEvent',
        body: { dialogId: 'd-1', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hi' } },
        headers: { h: 1 },
        metadata,
        encodedMetadata: 'eyJhIjoxfQ==',
      }),
    );
  });

  it('rejects with a ResponseError keeping code, body and the whole response for a code ≥ 400', async () => {
    const agent = await agents.connected(lp);
    lp.responder = () => ({ code: 404, type: '.ReqBody$StringResp', body: 'Conversation not found' });
    const err = await agent.promises.updateRingState({ ringId: 'r-1', ringState: 'ACCEPTED' }).catch((e) => e);
    expect(err).toBeInstanceOf(ResponseError);
    expect(err).toBeInstanceOf(SDKError);
    expect(err.errorCode).toBe(ErrorCode.Response);
    expect(err).toMatchObject({
      message: '.ReqBody$StringResp failed with code 404: Conversation not found',
      code: 404,
      service: 'messaging',
      body: 'Conversation not found',
    });
    expect(err.response).toEqual({ kind: 'resp', reqId: lp.frames[0].id, code: 404, type: '.ReqBody$StringResp', body: 'Conversation not found' });

    lp.responder = () => ({ code: 500, body: { reason: 'x' } });
    const json = await agent.promises.getClock().catch((e) => e);
    expect(json.message).toBe('.GetClock$Response failed with code 500: {"reason":"x"}');
  });

  it('rejects with the SDK’s own errors: not connected, timeout, TransformError', async () => {
    const agent = agents.track(new Agent(lp.config({ requestTimeout: 200, errorCheckInterval: 20 })));
    agent.on('error', () => undefined);
    const notConnected = await agent.promises.getClock().catch((e) => e);
    expect(notConnected).toBeInstanceOf(NotConnectedError);
    expect(notConnected).toMatchObject({ message: 'socket not connected', code: null, service: 'messaging', errorCode: ErrorCode.NotConnected });
    await waitFor(agent, 'connected');

    lp.responder = undefined;
    const timeout = await agent.promises.getClock().catch((e) => e);
    expect(timeout).toBeInstanceOf(RequestTimeoutError);
    expect(timeout).toMatchObject({ message: 'Request has timed out', code: null, service: 'messaging', errorCode: ErrorCode.RequestTimeout });

    lp.responder = (frame) => ({ type: `${frame.type}$Response`, body: null });
    const transform = await agent.promises.getUserProfile('c-1').catch((e) => e);
    expect(transform).toBeInstanceOf(TransformError);
  });

  it('times out by options.timeout, independently of requestTimeout, and removes the pending entry', async () => {
    const agent = await agents.connected(lp, { requestTimeout: 60000 });
    lp.responder = undefined;
    const slow = agent.promises.getClock(undefined, { timeout: 100 });
    expect(agent.pendingRequestCount).toBe(1);
    const err = await slow.catch((e) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(err).toMatchObject({ message: 'Request has timed out', code: null, service: 'messaging' });
    expect(agent.pendingRequestCount).toBe(0);
  });

  it('rejects at once for a pre-aborted signal, sending nothing', async () => {
    const agent = await agents.connected(lp);
    const controller = new AbortController();
    controller.abort();
    const err = await agent.promises.getClock(undefined, { signal: controller.signal }).catch((e) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(err).toMatchObject({ message: 'The request was aborted', code: 'ABORT_ERR', service: 'messaging', errorCode: ErrorCode.Aborted });
    await sync(lp, agent);
    expect(lp.frames).toEqual([]);
  });

  it('rejects when the signal aborts mid-flight, removes the pending entry and ignores the late answer', async () => {
    const agent = await agents.connected(lp);
    lp.responder = undefined;
    const controller = new AbortController();
    const promise = agent.promises.getClock(undefined, { signal: controller.signal });
    await framesReceived(lp, 1);
    expect(agent.pendingRequestCount).toBe(1);
    controller.abort();
    const err = await promise.catch((e) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(err).toMatchObject({ message: 'The request was aborted', code: 'ABORT_ERR', service: 'messaging' });
    expect(agent.pendingRequestCount).toBe(0);
    lp.reply(lp.frames[0], { currentTime: 1 });
    await sync(lp, agent);
    expect(agent.pendingRequestCount).toBe(0);
  });

  it('is unaffected by aborting after it has settled', async () => {
    const agent = await agents.connected(lp);
    const controller = new AbortController();
    await expect(agent.promises.getClock(undefined, { signal: controller.signal })).resolves.toEqual({ currentTime: 1700000000000 });
    expect(() => controller.abort()).not.toThrow();
  });

  describe('validation (code ERR_INVALID_REQUEST, nothing sent)', () => {
    const invalid = (message: string) =>
      expect.objectContaining({ message, code: 'ERR_INVALID_REQUEST', service: null, errorCode: ErrorCode.InvalidRequest });

    it.each([
      ['agentRequestConversation', {}, 'agentRequestConversation: body.consumerId is required'],
      ['unsubscribeExConversations', { subscriptionId: '' }, 'unsubscribeExConversations: body.subscriptionId is required'],
      ['updateConversationField', { conversationField: [] }, 'updateConversationField: body.conversationId is required'],
      ['updateConversationField', { conversationId: 'c', conversationField: {} }, 'updateConversationField: body.conversationField is required (an array)'],
      ['publishEvent', { dialogId: 'd' }, 'publishEvent: body.event is required (an object)'],
      ['publishEvent', { event: { type: 'ContentEvent' } }, 'publishEvent: body.dialogId is required'],
      ['updateRingState', { ringId: 'r' }, 'updateRingState: body.ringState is required'],
      ['updateRoutingTaskSubscription', { subscriptionId: null }, 'updateRoutingTaskSubscription: body.subscriptionId is required'],
      ['setAgentState', {}, 'setAgentState: body.availability is required'],
      ['subscribeMessagingEvents', { fromSeq: 1 }, 'subscribeMessagingEvents: body.dialogId is required'],
      ['generateURLForDownloadFile', {}, 'generateURLForDownloadFile: body.relativePath is required'],
      ['generateURLForUploadFile', { fileSize: 1 }, 'generateURLForUploadFile: body.fileType is required'],
      ['setAgentState', undefined, 'setAgentState: body must be an object'],
      ['getClock', 'text', 'getClock: body must be an object'],
      ['subscribeExConversations', [], 'subscribeExConversations: body must be an object'],
      ['getUserProfile', undefined, 'getUserProfile: body must be the consumer id (a string) or an object'],
      ['getUserProfile', 42, 'getUserProfile: body must be the consumer id (a string) or an object'],
    ])('%s(%j) → %s', async (name, body, message) => {
      const agent = await agents.connected(lp);
      const err = await (agent.promises as any)[name](body).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect(err).toEqual(invalid(message));
      await sync(lp, agent);
      expect(lp.frames).toEqual([]);
    });

    it.each([
      [null, 'getClock: options must be an object'],
      ['fast', 'getClock: options must be an object'],
      [{ timeout: -1 }, 'getClock: options.timeout must be a number of ms from 0 to 2147483647'],
      [{ timeout: Number.NaN }, 'getClock: options.timeout must be a number of ms from 0 to 2147483647'],
      [{ timeout: 'fast' }, 'getClock: options.timeout must be a number of ms from 0 to 2147483647'],
      [{ timeout: 2 ** 31 }, 'getClock: options.timeout must be a number of ms from 0 to 2147483647'],
      [{ signal: {} }, 'getClock: options.signal must be an AbortSignal'],
    ])('rejects options %p: %s', async (options, message) => {
      const agent = await agents.connected(lp);
      await expect(agent.promises.getClock(undefined, options as any)).rejects.toEqual(invalid(message));
      expect(agent.pendingRequestCount).toBe(0);
    });

    it('accepts optional bodies left out, and a getUserProfile object body', async () => {
      const agent = await agents.connected(lp);
      await expect(agent.promises.getClock()).resolves.toBeDefined();
      await expect(agent.promises.subscribeRoutingTasks()).resolves.toEqual({ subscriptionId: 'sub-1' });
      await expect(agent.promises.getUserProfile({})).resolves.toEqual([]);
    });
  });

  it('connect() resolves once the socket is open; nextConnected() resolves with the next connected payload', async () => {
    const agent = agents.track(new Agent(lp.config()));
    await expect(agent.promises.connect()).resolves.toBeUndefined();
    expect(agent.connected).toBe(true);
    await expect(agent.promises.connect()).resolves.toBeUndefined();
    const next = agent.promises.nextConnected({ timeout: 5000 });
    agent.reconnect(true);
    await expect(next).resolves.toEqual({ connected: true, ts: expect.any(Number) });
  });

  it('connect() rejects with a ClosedBeforeOpenError when the socket closes before it opens', async () => {
    // A bearer the server does not know: the upgrade gets 401 and the socket closes with 1006.
    const agent = agents.track(new Agent(lp.config({ token: 'unknown-bearer', userId: USER_ID })));
    agent.on('error', () => undefined);
    const err = await agent.promises.connect().catch((e) => e);
    expect(err).toBeInstanceOf(ClosedBeforeOpenError);
    expect(err).toMatchObject({ message: 'the socket closed before opening (code 1006)', code: 1006, service: 'messaging', errorCode: ErrorCode.ClosedBeforeOpen });
  });

  it('nextConnected({timeout}) rejects with an EventTimeoutError when no connected event comes', async () => {
    const agent = await agents.connected(lp);
    const err = await agent.promises.nextConnected({ timeout: 30 }).catch((e) => e);
    expect(err).toBeInstanceOf(EventTimeoutError);
    expect(err).toMatchObject({ message: "no 'connected' event within 30 ms", code: 'ETIMEDOUT', service: null, errorCode: ErrorCode.EventTimeout });
  });

  it('nextConnected() rejects with an AbortError when its signal aborts', async () => {
    const agent = await agents.connected(lp);
    const controller = new AbortController();
    const next = agent.promises.nextConnected({ signal: controller.signal });
    controller.abort();
    await expect(next).rejects.toBeInstanceOf(AbortError);
  });

  it('leaves callback methods free of promises: no unhandled rejection whatever happens without a callback', async () => {
    // Jest fails a test in which a promise rejection goes unhandled; every failure path is taken here.
    const agent = agents.track(new Agent(lp.config({ requestTimeout: 100, errorCheckInterval: 10 })));
    const errors: unknown[] = [];
    agent.on('error', (err) => errors.push(err));
    expect(agent.getClock({})).toBeUndefined();
    await waitFor(agent, 'connected');
    lp.responder = (frame) => {
      if (frame.type === '.ams.userprofile.GetUserProfile') return { type: `${frame.type}$Response`, body: null };
      if (frame.type === '.ams.ms.PublishEvent') return { code: 400, body: 'bad' };
      return undefined;
    };
    agent.getUserProfile('c-1');
    agent.publishEvent({ dialogId: 'd', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'x' } });
    agent.getClock({});
    await framesReceived(lp, 3);
    await sync(lp, agent);
    const closed = waitFor(agent, 'closed');
    lp.socket.close(4000);
    await closed;
    await new Promise((resolve) => setImmediate(resolve));
    // The request made before the socket opened is reported (it would otherwise vanish), then the rewrite failure.
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(NotConnectedError);
    expect(errors[1]).toBeInstanceOf(TransformError);
    expect(agent.pendingRequestCount).toBe(0);
  });
});
