import { Agent, type AgentStats } from 'node-agent-sdk';
import { fakeLPSuite } from '../helpers/suite';
import { nextEvent } from '../helpers/events';
import { sync, until } from '../helpers/wait';
import { FAST_RETRY, callback, serverCloses } from '../helpers/resilience';
import { StatsRecorder, LATENCY_WINDOW } from '../../src/observe/stats';
import { REQUESTS } from '../../src/requests/table';

const suite = fakeLPSuite();

const counts = (sent: number, answered: number, failed: number, timedOut: number) => ({ sent, answered, failed, timedOut });

describe('agent.stats()', () => {
  it('starts empty, with nothing connected', () => {
    const agent = suite.agents.track(new Agent(suite.lp.config()));
    expect(agent.stats()).toEqual({
      requests: {},
      pending: 0,
      notifications: {},
      errors: {},
      connection: { connected: false, opens: 0, connectedMs: 0, connectedSince: null },
      reconnects: { attempts: 0, succeeded: 0, causes: {} },
      latency: { samples: 0, windowMs: 60_000, p50: null, p90: null, p99: null },
    });
  });

  it('counts requests by method and outcome: answered, error response, timed out, pending, no callback', async () => {
    const { agent } = await suite.connected({ requestTimeout: 200, errorCheckInterval: 20 });
    suite.lp.responder = (frame) => {
      if (frame.type === '.ams.routing.SetAgentState') return { code: 400, body: 'bad state' };
      if (frame.type === '.ams.cm.UpdateConversationField') return undefined; // never answered
      return { body: { currentTime: 1 } };
    };
    // Only the first request sent in a millisecond has its round trip sampled: each of these
    // five waits for the clock to move on, so that all five are.
    const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 3));
    for (let i = 0; i < 3; i++) {
      await nextMillisecond();
      await callback((cb) => agent.getClock({}, cb));
    }
    await nextMillisecond();
    const [stateErr] = await callback((cb) => agent.setAgentState({ availability: 'ONLINE' }, cb));
    expect(stateErr).toMatchObject({ code: 400 });
    await nextMillisecond();
    agent.getClock({}); // no callback: its outcome is counted all the same
    const timedOut = callback((cb) => agent.updateConversationField({ conversationId: 'c1', conversationField: [] }, cb));
    await until(() => agent.pendingRequestCount === 1);
    expect(agent.stats().pending).toBe(1);
    // Waiting, so neither answered nor failed yet.
    expect(agent.stats().requests.updateConversationField).toEqual(counts(1, 0, 0, 0));
    const [timeoutErr] = await timedOut;
    expect(timeoutErr.message).toBe('Request has timed out');
    await sync(suite.lp, agent);

    const stats = agent.stats();
    expect(stats.requests).toEqual({
      getClock: counts(4, 4, 0, 0),
      setAgentState: counts(1, 0, 1, 0),
      updateConversationField: counts(1, 0, 0, 1),
    });
    expect(stats.pending).toBe(0);
    // Five round trips had an answer (four ok, one error); the timed-out one has none.
    expect(stats.latency.samples).toBe(5);
    expect(stats.latency.p50).toBeGreaterThanOrEqual(0);
    expect(stats.latency.p50!).toBeLessThanOrEqual(stats.latency.p90!);
    expect(stats.latency.p90!).toBeLessThanOrEqual(stats.latency.p99!);
  });

  it('counts the outcome of requests sent without a callback, which stay out of pendingRequestCount and pendingRequests', async () => {
    const { agent } = await suite.connected({ requestTimeout: 200, errorCheckInterval: 20 });
    suite.lp.responder = (frame) => (frame.type === '.GetClock' ? { body: { currentTime: 1 } } : undefined);
    agent.getClock({});
    agent.setAgentState({ availability: 'ONLINE' }); // never answered
    expect(agent.pendingRequestCount).toBe(0);
    expect(agent.pendingRequests).toEqual({});
    expect(agent.stats().pending).toBe(0);
    await until(() => agent.stats().requests.setAgentState?.timedOut === 1);
    expect(agent.stats().requests).toEqual({ getClock: counts(1, 1, 0, 0), setAgentState: counts(1, 0, 0, 1) });
  });

  it('counts a request refused before the socket is open as failed, never as sent', async () => {
    const agent = suite.agents.track(new Agent(suite.lp.config()));
    const [err] = await callback((cb) => agent.getClock({}, cb));
    expect(err.message).toBe('socket not connected');
    expect(agent.stats().requests).toEqual({ getClock: counts(0, 0, 1, 0) });
  });

  it('counts requests cut off by a server close as failed, and the time connected stops', async () => {
    const { agent } = await suite.connected();
    suite.lp.responder = undefined;
    const pending = callback((cb) => agent.getClock({}, cb));
    await until(() => suite.lp.frames.length === 1);
    const closed = nextEvent(agent, 'closed');
    serverCloses(suite.lp, 4000);
    await closed;
    const [err] = await pending;
    expect(err.message).toBe('Request has timed out');
    const stats = agent.stats();
    expect(stats.requests).toEqual({ getClock: counts(1, 0, 1, 0) });
    expect(stats.connection).toEqual({ connected: false, opens: 1, connectedMs: expect.any(Number), connectedSince: null });
    // No longer connected: the total no longer grows.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(agent.stats().connection.connectedMs).toBe(stats.connection.connectedMs);
  });

  it('counts a burst sent in one go exactly: answers, errors, a cancel and a close, each counter only growing', async () => {
    const { agent } = await suite.connected();
    suite.lp.responder = (frame) => {
      if (frame.type === '.ams.routing.SetAgentState') return { code: 400, body: 'bad state' };
      if (frame.type === '.GetClock') return { body: { currentTime: 1 } };
      return undefined; // never answered
    };
    const snapshots: AgentStats[] = [];
    let settled = 0;
    const done = () => void settled++;
    for (let i = 0; i < 50; i++) agent.getClock({}, done);
    for (let i = 0; i < 5; i++) agent.setAgentState({ availability: 'ONLINE' }, done);
    agent.getClock({}); // no callback
    const cutOff = callback((cb) => agent.updateConversationField({ conversationId: 'c1', conversationField: [] }, cb));
    const controller = new AbortController();
    const aborted = agent.promises.getUserProfile({}, { signal: controller.signal }).catch((e) => e);
    snapshots.push(agent.stats());
    await until(() => settled === 55);
    await sync(suite.lp, agent);
    snapshots.push(agent.stats());
    controller.abort();
    expect(await aborted).toMatchObject({ code: 'ABORT_ERR' });
    snapshots.push(agent.stats());
    const closed = nextEvent(agent, 'closed');
    serverCloses(suite.lp, 4000);
    await closed;
    expect((await cutOff)[0].message).toBe('Request has timed out');
    snapshots.push(agent.stats());

    expect(snapshots.map((s) => [s.requests, s.pending])).toEqual([
      [{ getClock: counts(51, 0, 0, 0), updateConversationField: counts(1, 0, 0, 0), setAgentState: counts(5, 0, 0, 0), getUserProfile: counts(1, 0, 0, 0) }, 57],
      [{ getClock: counts(51, 51, 0, 0), updateConversationField: counts(1, 0, 0, 0), setAgentState: counts(5, 0, 5, 0), getUserProfile: counts(1, 0, 0, 0) }, 2],
      [{ getClock: counts(51, 51, 0, 0), updateConversationField: counts(1, 0, 0, 0), setAgentState: counts(5, 0, 5, 0), getUserProfile: counts(1, 0, 1, 0) }, 1],
      [{ getClock: counts(51, 51, 0, 0), updateConversationField: counts(1, 0, 1, 0), setAgentState: counts(5, 0, 5, 0), getUserProfile: counts(1, 0, 1, 0) }, 0],
    ]);
    // Every counter only grows from one snapshot to the next (Prometheus counters are read from them).
    for (let i = 1; i < snapshots.length; i++) {
      for (const [type, now] of Object.entries(snapshots[i].requests)) {
        const before = snapshots[i - 1].requests[type];
        for (const key of ['sent', 'answered', 'failed', 'timedOut'] as const) expect(now[key]).toBeGreaterThanOrEqual(before[key]);
      }
    }
    // The first request of each millisecond is sampled: at least one, at most one per answer.
    const { samples } = snapshots[3].latency;
    expect(samples).toBeGreaterThanOrEqual(1);
    expect(samples).toBeLessThanOrEqual(56);
  });

  it('counts notifications by the type they are emitted under, and those without a type', async () => {
    const { agent } = await suite.connected();
    suite.lp.notify('.ams.routing.AgentStateNotification', { changes: [] });
    suite.lp.notify('custom.Thing', { a: 1 });
    suite.lp.notify('custom.Thing', { a: 2 });
    suite.lp.push({ kind: 'notification', body: {} });
    await sync(suite.lp, agent);
    const { notifications } = agent.stats();
    expect(notifications).toMatchObject({ 'routing.AgentStateNotification': 1, 'custom.Thing': 2, '(none)': 1 });
    // sync() adds its own marker notification, counted like any other.
    expect(Object.keys(notifications)).toHaveLength(4);
  });

  it('counts reconnect attempts by cause, the reconnects that worked, socket opens, and connection time', async () => {
    const { agent } = await suite.connected({ autoReconnect: FAST_RETRY });
    const connectedSince = agent.stats().connection.connectedSince;
    expect(connectedSince).toEqual(expect.any(Number));
    const reconnected = nextEvent(agent, 'reconnected');
    serverCloses(suite.lp, 1006);
    await reconnected;
    agent.reconnect(true);
    await nextEvent(agent, 'connected');
    const stats = agent.stats();
    expect(stats.reconnects).toEqual({ attempts: 2, succeeded: 1, causes: { 'close:1006': 1, requested: 1 } });
    expect(stats.connection.opens).toBe(3);
    expect(stats.connection.connected).toBe(true);
    expect(stats.connection.connectedSince).toBeGreaterThanOrEqual(connectedSince!);
  });

  it('counts error events by location', async () => {
    suite.lp.routes.login = () => ({ status: 401, body: { error: 'no' } });
    const agent = suite.agents.track(new Agent(suite.lp.config()));
    agent.on('error', () => undefined);
    await nextEvent(agent, 'error');
    expect(agent.stats().errors).toEqual({ 'Connect#Login': 1 });
  });

  it('returns a detached snapshot: changing it changes nothing in the agent', async () => {
    const { agent } = await suite.connected();
    await callback((cb) => agent.getClock({}, cb));
    const first: AgentStats = agent.stats();
    first.requests.getClock.sent = 99;
    first.notifications.x = 5;
    expect(agent.stats().requests.getClock.sent).toBe(1);
    expect(agent.stats().notifications).toEqual({});
  });
});

describe('the latency window', () => {
  afterEach(() => jest.restoreAllMocks());

  /** A recorder with one request type: `record` adds an answer of `value` ms, the clock reading `now`. */
  const recorder = () => {
    const stats = new StatsRecorder();
    const getClock = REQUESTS.getClock.index;
    stats.sent(getClock);
    return {
      record(value: number, now: number) {
        jest.spyOn(Date, 'now').mockReturnValue(now);
        stats.answered(getClock, false, now - value);
      },
      summary: (now: number) => stats.snapshot(0, [], now).latency,
    };
  };

  it('gives nearest-rank percentiles', () => {
    const window = recorder();
    for (let v = 100; v >= 1; v--) window.record(v, 1000);
    expect(window.summary(1000)).toEqual({ samples: 100, windowMs: 60_000, p50: 50, p90: 90, p99: 99 });
  });

  it('forgets samples older than its time span', () => {
    const window = recorder();
    window.record(500, 0);
    window.record(7, LATENCY_WINDOW.ms);
    expect(window.summary(LATENCY_WINDOW.ms + 1)).toEqual({ samples: 1, windowMs: 60_000, p50: 7, p90: 7, p99: 7 });
  });

  it('keeps only the latest samples: the oldest are overwritten', () => {
    const window = recorder();
    for (let i = 0; i < LATENCY_WINDOW.samples; i++) window.record(1000, 0);
    for (let i = 0; i < LATENCY_WINDOW.samples; i++) window.record(1, 0);
    expect(window.summary(0)).toMatchObject({ samples: LATENCY_WINDOW.samples, p50: 1, p99: 1 });
  });

  it('overwrites the oldest first, one sample at a time', () => {
    const window = recorder();
    // Oldest 1..1024 (time 0); then 512 new samples of 5000 ms at time 10 replace 1..512 only.
    for (let v = 1; v <= LATENCY_WINDOW.samples; v++) window.record(v, 0);
    for (let i = 0; i < LATENCY_WINDOW.samples / 2; i++) window.record(5000, 10);
    expect(window.summary(10)).toEqual({ samples: 1024, windowMs: 60_000, p50: 1024, p90: 5000, p99: 5000 });
    // Only the 512 new ones are within the window a minute after time 0 plus a little.
    expect(window.summary(LATENCY_WINDOW.ms + 5)).toEqual({ samples: 512, windowMs: 60_000, p50: 5000, p90: 5000, p99: 5000 });
  });
});

describe('the counters', () => {
  it('fold types past the 200th into (other), so a server cannot grow them without bound', () => {
    const stats = new StatsRecorder();
    for (let i = 0; i < 250; i++) stats.notification(`type.${i}`);
    stats.notification('type.0');
    const { notifications } = stats.snapshot(0);
    expect(Object.keys(notifications)).toHaveLength(201);
    expect(notifications['(other)']).toBe(50);
    expect(notifications['type.0']).toBe(2);
  });

  it('count runs and alternations of names alike, and keep folded names out of the last-name shortcut', () => {
    const stats = new StatsRecorder();
    for (const type of ['a', 'a', 'b', 'a', 'b', 'b', 'a']) stats.notification(type);
    for (let i = 0; i < 198; i++) stats.notification(`type.${i}`);
    for (const type of ['late', 'late', 'a', 'late', 'other-late']) stats.notification(type);
    const { notifications } = stats.snapshot(0);
    expect(Object.keys(notifications)).toHaveLength(201);
    expect([notifications.a, notifications.b, notifications['(other)'], notifications.late]).toEqual([5, 3, 4, undefined]);
  });

  it('count requests by their index in the request table; answered is what is left once the waiting ones and the other endings are taken away', () => {
    const stats = new StatsRecorder();
    expect(stats.snapshot(0).requests).toEqual({});
    const [getClock, setAgentState, publishEvent] = [REQUESTS.getClock.index, REQUESTS.setAgentState.index, REQUESTS.publishEvent.index];
    for (const index of [setAgentState, getClock, setAgentState, getClock, setAgentState]) stats.sent(index);
    stats.ended(setAgentState, 'timeout');
    stats.refused(getClock);
    stats.refused(publishEvent);
    stats.ended(getClock, 'closed');
    stats.answered(setAgentState, true, undefined);
    // One of each type still waits ...
    const waiting: number[] = [];
    waiting[getClock] = 1;
    waiting[setAgentState] = 1;
    expect(stats.snapshot(0, waiting).requests).toEqual({
      getClock: counts(2, 0, 2, 0),
      setAgentState: counts(3, 0, 1, 1),
      publishEvent: counts(0, 0, 1, 0),
    });
    // ... and then neither does: a request that neither waits nor ended otherwise was answered.
    expect(stats.snapshot(0, []).requests).toEqual({
      getClock: counts(2, 1, 2, 0),
      setAgentState: counts(3, 1, 1, 1),
      publishEvent: counts(0, 0, 1, 0),
    });
    // Listed in the table's order, whatever the order of use.
    expect(Object.keys(stats.snapshot(0).requests)).toEqual(['getClock', 'publishEvent', 'setAgentState']);
  });
});
