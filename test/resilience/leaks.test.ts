import { Agent } from 'node-agent-sdk';
import { FakeLP } from '../helpers/fake-lp';
import { nextEvent } from '../helpers/events';
import {
  FAST_RETRY,
  connectionsOf,
  expectNoTimersOrSocketsLeft,
  ourResources,
  serverCloses,
  trackTimers,
  watchOpenSockets,
  type TimerTracker,
} from '../helpers/resilience';
import { until } from '../helpers/wait';

const ROUNDS = 20;

describe('no leaks over many reconnects', () => {
  let lp: FakeLP | undefined;
  let agent: Agent | undefined;
  let timers: TimerTracker | undefined;

  afterEach(async () => {
    timers?.restore();
    timers = undefined;
    agent?.dispose();
    agent = undefined;
    await lp?.close();
    lp = undefined;
  });

  function listenerCounts(a: Agent): Array<[string | symbol, number]> {
    return a.eventNames().map((name) => [name, a.listenerCount(name)]);
  }

  /** Runs the rounds, checks for leaks, and returns how many logins the server saw. */
  async function run(extra: Record<string, unknown>, once: (lp: FakeLP, agent: Agent, round: number) => Promise<void>): Promise<number> {
    const baseline = ourResources();
    timers = trackTimers();
    const server = await FakeLP.start();
    lp = server;
    const watch = watchOpenSockets(server);
    const a = new Agent(server.config(extra));
    agent = a;
    a.on('error', () => undefined);
    a.on('closed', () => undefined);
    await nextEvent(a, 'connected');
    const listeners = listenerCounts(a);

    for (let round = 0; round < ROUNDS; round++) await once(server, a, round);

    expect(await a.promises.getClock()).toEqual({ currentTime: 1700000000000 });
    expect(server.sockets).toHaveLength(ROUNDS + 1);
    expect(watch.max).toBe(1);
    await until(() => server.wss.clients.size === 1); // the old sockets to close on the server
    expect(server.wss.clients.size).toBe(1);
    expect(watch.open).toBe(1);
    // The one websocket; no HTTP connection is kept either.
    expect(await connectionsOf(server.server)).toBe(1);
    // Its client side and its server side, both in this process.
    await until(() => ourResources().sockets <= baseline.sockets + 2); // only the live connection to remain
    expect(listenerCounts(a)).toEqual(listeners);
    expect(a.pendingRequestCount).toBe(0);
    // One ping timer and one refresh timer, however many sockets came before (the request sweeper may still run).
    const timersOfAgent = (timers as TimerTracker)
      .live()
      .map((timer) => /at (\S+) \(/.exec(timer)?.[1])
      .filter((where) => where !== 'PendingRequests.scheduleSweep')
      .sort();
    expect(timersOfAgent).toEqual(['RefreshSchedule.start', 'Transport.ping']);

    const logins = server.requestsTo('login').length;
    a.dispose();
    agent = undefined;
    // The agent itself closes its connection: the server sees it go before being closed.
    await until(() => server.wss.clients.size === 0); // the agent to close its socket
    expect(await connectionsOf(server.server)).toBe(0);
    await server.close();
    lp = undefined;
    await expectNoTimersOrSocketsLeft(timers as TimerTracker, baseline);
    return logins;
  }

  it(`${ROUNDS} server closes with autoReconnect (same token and new token alike)`, async () => {
    const codes = [1006, 4000, 1001, 4401];
    const logins = await run({ autoReconnect: FAST_RETRY }, async (server, a, round) => {
      const reconnected = nextEvent(a, 'reconnected');
      serverCloses(server, codes[round % codes.length]);
      expect(await reconnected).toEqual({ attempts: 1 });
    });
    // Every fourth close was a 4401, which logs in again.
    expect(logins).toBe(1 + ROUNDS / 4);
  });

  it(`${ROUNDS} bot reconnect(true) in a row`, async () => {
    const logins = await run({}, async (_server, a) => {
      const connected = nextEvent(a, 'connected');
      a.reconnect(true);
      await connected;
    });
    expect(logins).toBe(1);
  });

  it(`${ROUNDS} bot reconnect() in a row (new login each time), with pending requests failed each time`, async () => {
    const logins = await run({}, async (server, a) => {
      server.responder = undefined;
      const failed = new Promise((resolve) => a.getClock({}, resolve));
      const connected = nextEvent(a, 'connected');
      a.reconnect();
      await connected;
      expect(((await failed) as any).message).toBe('Request has timed out');
      server.responder = (frame) => (frame.type === '.GetClock' ? { body: { currentTime: 1700000000000 } } : undefined);
    });
    expect(logins).toBe(1 + ROUNDS);
  });
});
