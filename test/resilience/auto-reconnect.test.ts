import { nextEvent, pause, describeError, EventLog } from '../helpers/events';
import { type FakeLP, BEARER, ACCOUNT } from '../helpers/fake-lp';
import {
  CONNECTED,
  FAST_RETRY,
  RELOGIN,
  START,
  callback,
  gaveUp,
  reconnectedEntries,
  retryEntry,
  serverCloses,
  startRecorded,
  trackTimers,
  watchOpenSockets,
} from '../helpers/resilience';
import { until } from '../helpers/wait';
import { fakeLPSuite } from '../helpers/suite';

const wsPath = (token: string) => `/ws_api/account/${ACCOUNT}/messaging/brand/${token}?v=2.1`;
const WS_401 = { type: 'SDKError', message: 'Error on WS connection: Unexpected server response: 401', code: 401, service: 'messaging' };
/** An upgrade answered 401: the error (no location), then the socket's close. */
const REFUSED_UPGRADE = [['error', { ...WS_401, location: undefined }], ['closed', 1006]];
/** Longer than every wait of FAST_RETRY together: what has not happened by then would not happen. */
const SETTLE = 300;

describe('auto-reconnect', () => {
  let lp: FakeLP;
  const suite = fakeLPSuite();
  const { agents } = suite;

  beforeEach(() => {
    lp = suite.lp;
  });

  async function connectedAgent(extra: Record<string, unknown> = { autoReconnect: FAST_RETRY }) {
    const started = startRecorded(agents, lp, extra);
    await nextEvent(started.agent, 'connected');
    return started;
  }

  it('is off by default: after a server close nothing reconnects, as in the original', async () => {
    const { agent, log } = await connectedAgent({});
    const closed = nextEvent(agent, 'closed');
    serverCloses(lp, 4401);
    expect(await closed).toBe(4401);
    await pause(SETTLE);
    expect(lp.upgrades).toEqual([wsPath(BEARER)]);
    expect(log.reduced).toEqual([...START, ['closed', 4401]]);
    expect(agent.connected).toBe(false);
  });

  it.each([1006, 1001, 4000])('after close %i reopens the socket with the same token, without logging in', async (code) => {
    const { agent, log } = await connectedAgent();
    const reconnected = nextEvent(agent, 'reconnected');
    serverCloses(lp, code);
    expect(await reconnected).toEqual({ attempts: 1 });
    expect(log.reduced).toEqual([
      ...START,
      ['closed', code],
      retryEntry(1, 20, { code }, false),
      ...reconnectedEntries(1),
    ]);
    expect(lp.upgrades).toEqual([wsPath(BEARER), wsPath(BEARER)]);
    expect(lp.requestsTo('login')).toHaveLength(1);
    expect(lp.requestsTo('csds')).toHaveLength(1);
    expect(agent.connected).toBe(true);
    expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
  });

  it.each([4401, 4407, 1011])('after close %i logs in again and opens the socket with the new bearer', async (code) => {
    const { agent, log } = await connectedAgent();
    const reconnected = nextEvent(agent, 'reconnected');
    serverCloses(lp, code);
    expect(await reconnected).toEqual({ attempts: 1 });
    expect(log.reduced).toEqual([
      ...START,
      ['closed', code],
      retryEntry(1, 20, { code }, true),
      ...RELOGIN,
      ...reconnectedEntries(1),
    ]);
    expect(lp.upgrades).toEqual([wsPath(BEARER), wsPath(`${BEARER}-2`)]);
    expect(lp.requestsTo('login')).toHaveLength(2);
    expect(agent.token).toBe(`${BEARER}-2`);
    expect(agent.getBearerToken()).toBe(`${BEARER}-2`);
  });

  it('regenerates the token on the attempt after an upgrade answered 401', async () => {
    const { agent, log } = await connectedAgent();
    const reconnected = nextEvent(agent, 'reconnected');
    lp.tokens.delete(BEARER);
    serverCloses(lp, 4000);
    expect(await reconnected).toEqual({ attempts: 2 });
    expect(log.reduced).toEqual([
      ...START,
      ['closed', 4000],
      retryEntry(1, 20, { code: 4000 }, false),
      ...REFUSED_UPGRADE,
      retryEntry(2, 25, { code: 1006, error: WS_401 }, true),
      ...RELOGIN,
      ...reconnectedEntries(2),
    ]);
    expect(lp.upgrades).toEqual([wsPath(BEARER), wsPath(BEARER), wsPath(`${BEARER}-2`)]);
  });

  it('keeps trying when the login fails (500) during the retries, still with a new token', async () => {
    const { agent, log } = await connectedAgent();
    const login = lp.routes.login;
    let failures = 0;
    lp.routes.login = (req) => (failures++ < 1 ? { status: 500, statusText: 'Internal Server Error' } : login(req));
    const reconnected = nextEvent(agent, 'reconnected');
    // The token expired: the server closes with 4401 and no longer accepts it.
    lp.tokens.delete(BEARER);
    serverCloses(lp, 4401);
    expect(await reconnected).toEqual({ attempts: 2 });
    const loginError = { type: 'SDKError', message: 'Error on AgentVEP login: Internal Server Error', code: 500, service: 'authentication.login' };
    expect(log.reduced).toEqual([
      ...START,
      ['closed', 4401],
      retryEntry(1, 20, { code: 4401 }, true),
      ['success', 'Reconnect#CSDS'],
      ['error', { ...loginError, location: 'Reconnect#Relogin#WS' }],
      retryEntry(2, 25, { error: loginError }, true),
      ...RELOGIN,
      ...reconnectedEntries(2),
    ]);
    // The expired token is never offered again: the attempts went to login, then to the new bearer.
    expect(lp.upgrades).toEqual([wsPath(BEARER), wsPath(`${BEARER}-2`)]);
    expect(lp.requestsTo('login')).toHaveLength(3);
  });

  it('retries a failed initial connect (CSDS 500) and then connects', async () => {
    const csds = lp.routes.csds;
    let failures = 0;
    lp.routes.csds = (req) => (failures++ < 2 ? { status: 500, statusText: 'Internal Server Error' } : csds(req));
    const { agent, log } = startRecorded(agents, lp, { autoReconnect: FAST_RETRY });
    expect(await nextEvent(agent, 'reconnected')).toEqual({ attempts: 2 });
    const csdsError = { type: 'SDKError', message: 'Error on CSDS request: Internal Server Error', code: 500, service: 'domainNames' };
    expect(log.reduced).toEqual([
      ['error', { ...csdsError, location: 'Connect#CSDS' }],
      retryEntry(1, 20, { error: csdsError }, true),
      ['error', { ...csdsError, location: 'Connect#CSDS' }],
      retryEntry(2, 25, { error: csdsError }, true),
      ['success', 'Connect#CSDS'],
      ['success', 'Connect#Login'],
      ...reconnectedEntries(2),
    ]);
    expect(lp.requestsTo('csds')).toHaveLength(3);
    expect(lp.upgrades).toEqual([wsPath(BEARER)]);
  });

  it('gives up after maxAttempts with an AutoReconnect error, and attempts nothing more', async () => {
    const { agent, log } = await connectedAgent();
    // Every token is refused from now on, including the ones a new login hands out.
    lp.tokens.clear();
    const login = lp.routes.login;
    lp.routes.login = async (req) => {
      const reply = await login(req);
      lp.tokens.clear();
      return reply;
    };
    const givenUp = gaveUp(agent);
    serverCloses(lp, 4000);
    await givenUp;
    await pause(SETTLE);
    expect(log.reduced).toEqual([
      ...START,
      ['closed', 4000],
      retryEntry(1, 20, { code: 4000 }, false),
      ...REFUSED_UPGRADE,
      retryEntry(2, 25, { code: 1006, error: WS_401 }, true),
      ...RELOGIN,
      ...REFUSED_UPGRADE,
      retryEntry(3, 31, { code: 1006, error: WS_401 }, true),
      ...RELOGIN,
      ...REFUSED_UPGRADE,
      ['error', { type: 'SDKError', message: 'could not reconnect after 3 attempts (last cause: Error on WS connection: Unexpected server response: 401)', code: 401, service: 'messaging', location: 'AutoReconnect' }],
    ]);
    expect(lp.upgrades).toEqual([wsPath(BEARER), wsPath(BEARER), wsPath(`${BEARER}-2`), wsPath(`${BEARER}-3`)]);
    expect(agent.connected).toBe(false);
  });

  it('after giving up, a later failure starts a fresh series of attempts', async () => {
    const { agent, log } = await connectedAgent({ autoReconnect: { ...FAST_RETRY, maxAttempts: 1 } });
    lp.tokens.clear();
    const givenUp = gaveUp(agent);
    serverCloses(lp, 4000);
    await givenUp;
    lp.tokens.add(BEARER);
    const reconnected = nextEvent(agent, 'reconnected');
    agent.reconnect(true);
    // The bot's own reconnect is not an automatic one: it opens the socket, and no retry is counted.
    await nextEvent(agent, 'connected');
    expect(log.reducedOf('reconnecting', 'reconnected')).toEqual([retryEntry(1, 20, { code: 4000 }, false)]);
    serverCloses(lp, 4000);
    expect(await reconnected).toEqual({ attempts: 1 });
    expect(log.reducedOf('reconnecting', 'reconnected')).toEqual([
      retryEntry(1, 20, { code: 4000 }, false),
      retryEntry(1, 20, { code: 4000 }, false),
      ['reconnected', { attempts: 1 }],
    ]);
  });

  describe.each([
    ['in its reconnecting listener', (act: () => void) => act],
    ['while the retry timer runs', (act: () => void) => () => setImmediate(act)],
  ])('a bot acting %s', (_when, schedule) => {
    // Long enough for setImmediate to come first.
    const retry = { ...FAST_RETRY, initialDelay: 100 };
    const reconnecting = (code: number) => ['reconnecting', { attempt: 1, delay: 100, reason: { code }, regenerateToken: code === 4401 }];

    it.each([4000, 4401])('dispose() cancels the retry after close %i: no login, no upgrade, no event, no timer', async (code) => {
      const timers = trackTimers();
      try {
        const { agent } = await connectedAgent({ autoReconnect: retry });
        const emitted = EventLog.everything(agent).rows;
        let disposed = false;
        agent.once(
          'reconnecting',
          schedule(() => {
            agent.dispose();
            disposed = true;
          }),
        );
        serverCloses(lp, code);
        await until(() => disposed); // the dispose
        // Only the server's own timers may still run, and only until its side of the socket closes.
        await until(() => timers.live().length === 0); // every timer to end
        await pause(SETTLE);
        expect(emitted.map(([event]) => event)).toEqual(['closed', 'reconnecting']);
        expect(lp.upgrades).toEqual([wsPath(BEARER)]);
        expect(lp.requestsTo('login')).toHaveLength(1);
        expect(agent.connected).toBe(false);
        expect(timers.live()).toEqual([]);
      } finally {
        timers.restore();
      }
    });

    it.each([true, false])('reconnect(%s) takes precedence over the scheduled retry: one new socket only', async (skipTokenGeneration) => {
      const { agent, log } = await connectedAgent({ autoReconnect: retry });
      agent.once('reconnecting', schedule(() => agent.reconnect(skipTokenGeneration)));
      const reconnected = nextEvent(agent, 'reconnected');
      serverCloses(lp, 4000);
      expect(await reconnected).toEqual({ attempts: 1 });
      await pause(SETTLE);
      expect(log.reduced).toEqual([
        ...START,
        ['closed', 4000],
        reconnecting(4000),
        ...(skipTokenGeneration ? [] : RELOGIN),
        CONNECTED,
        ['reconnected', { attempts: 1 }],
      ]);
      expect(lp.upgrades).toEqual([wsPath(BEARER), wsPath(skipTokenGeneration ? BEARER : `${BEARER}-2`)]);
      expect(lp.sockets).toHaveLength(2);
    });

    it('connect() takes precedence over the scheduled retry: one new socket only', async () => {
      const { agent, log } = await connectedAgent({ autoReconnect: retry });
      const connected = new Promise<any>((resolve) => agent.once('reconnecting', schedule(() => agent.connect(resolve))));
      const reopened = nextEvent(agent, 'reconnected');
      serverCloses(lp, 4000);
      expect(await connected).toBeNull();
      expect(await reopened).toEqual({ attempts: 1 });
      await pause(SETTLE);
      expect(log.reduced).toEqual([
        ...START,
        ['closed', 4000],
        reconnecting(4000),
        ['success', 'Connect#CSDS'],
        ['success', 'Connect#Login'],
        CONNECTED,
        ['reconnected', { attempts: 1 }],
      ]);
      expect(lp.upgrades).toEqual([wsPath(BEARER), wsPath(`${BEARER}-2`)]);
      expect(lp.sockets).toHaveLength(2);
      expect(agent.connected).toBe(true);
    });
  });

  it('never has two sockets open at once', async () => {
    const watch = watchOpenSockets(lp);
    const { agent } = await connectedAgent();
    for (const code of [1006, 4000, 4401, 1001]) {
      const reconnected = nextEvent(agent, 'reconnected');
      serverCloses(lp, code);
      await reconnected;
    }
    for (const skip of [true, false]) {
      const connected = nextEvent(agent, 'connected');
      agent.reconnect(skip);
      await connected;
    }
    const joined = await callback((cb) => agent.connect(cb));
    expect(joined).toEqual([null, undefined]);
    await pause(SETTLE);
    expect(lp.sockets).toHaveLength(7);
    expect(watch.max).toBe(1);
    expect(watch.open).toBe(1);
  });

  describe('token expiry mid-session', () => {
    it('logs in again after a 4401 and carries on; requests while disconnected fail with socket not connected', async () => {
      const { agent, log } = await connectedAgent();
      expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
      expect(await agent.promises.setAgentState({ availability: 'AWAY' })).toBe('ok');

      const whileDown: Array<Promise<[any, any]>> = [];
      agent.once('closed', () => {
        whileDown.push(callback((cb) => expect(agent.getClock({}, cb)).toBeUndefined()));
        whileDown.push(agent.promises.getClock().then((body) => [null, body], (err) => [err, undefined]));
      });
      const reconnected = nextEvent(agent, 'reconnected');
      lp.tokens.delete(BEARER);
      serverCloses(lp, 4401);
      await reconnected;

      const [[cbErr, cbBody], [promiseErr]] = await Promise.all(whileDown);
      // The agent state is restored on the new socket (restoreSubscriptions defaults to true).
      await until(() => lp.frames.length === 3); // the restored agent state
      expect(cbBody).toBeUndefined();
      expect(describeError(cbErr)).toEqual({ type: 'NotConnectedError', message: 'socket not connected', code: null, service: 'messaging' });
      expect(describeError(promiseErr)).toEqual({ type: 'NotConnectedError', message: 'socket not connected', code: null, service: 'messaging' });
      expect(lp.frames.map((f) => f.type)).toEqual(['.GetClock', '.ams.routing.SetAgentState', '.ams.routing.SetAgentState']);

      expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
      expect(log.reducedOf('closed', 'reconnecting', 'reconnected')).toEqual([
        ['closed', 4401],
        retryEntry(1, 20, { code: 4401 }, true),
        ['reconnected', { attempts: 1 }],
      ]);
      expect(lp.upgrades).toEqual([wsPath(BEARER), wsPath(`${BEARER}-2`)]);
      expect(lp.requestsTo('login')).toHaveLength(2);
      expect(lp.sockets[1].readyState).toBe(lp.sockets[1].OPEN);
      expect(lp.frames.map((f) => f.type)).toEqual(['.GetClock', '.ams.routing.SetAgentState', '.ams.routing.SetAgentState', '.GetClock']);
    });
  });
});
