import type { Agent } from 'node-agent-sdk';
import { nextEvent, describeError } from '../helpers/events';
import type { FakeLP } from '../helpers/fake-lp';
import {
  FAST_RETRY,
  START,
  callback,
  connectionsOf,
  expectNoTimersOrSocketsLeft,
  gaveUp,
  ourResources,
  retryEntry,
  startRecorded,
  trackTimers,
  type TimerTracker,
  startMuteUpgradeServer,
  startSilentTcpServer,
  startTricklingUpgradeServer,
  type SilentServer,
} from '../helpers/resilience';
import { until } from '../helpers/wait';
import { fakeLPSuite } from '../helpers/suite';

const HANDSHAKE_TIMEOUT = { type: 'SDKError', message: 'Error on WS connection: Opening handshake has timed out', code: null, service: 'messaging' };

/** Long enough for the calls that must succeed on a loaded machine; the hanging ones wait it out. */
const HTTP_TIMEOUT = 1000;

describe('timeouts', () => {
  let lp: FakeLP;
  let baseline: { timeouts: number; sockets: number };
  const suite = fakeLPSuite();
  const { agents } = suite;
  const closers: Array<() => Promise<void>> = [];
  const silents: SilentServer[] = [];
  let timers: TimerTracker | undefined;

  beforeEach(async () => {
    lp = suite.lp;
    // expectNothingLeft closes it before counting sockets (closing it again afterwards is harmless).
    closers.push(() => lp.close());
  });
  afterEach(async () => {
    timers?.restore();
    timers = undefined;
    for (const close of closers.splice(0)) await close();
    silents.splice(0);
  });

  async function startSilent(startServer: () => Promise<SilentServer>): Promise<SilentServer> {
    const server = await startServer();
    silents.push(server);
    closers.push(() => server.close());
    return server;
  }

  /** After dispose and the servers' close, no timer or socket of ours is left. */
  async function expectNothingLeft(agent: Agent): Promise<void> {
    agent.dispose();
    // The agent itself closes its connections (a hanging HTTP call included): the servers see them go.
    await until(async () => (await connectionsOf(lp.server)) === 0 && silents.every((server) => server.open === 0)); // the agent to close its connections
    for (const close of closers.splice(0)) await close();
    silents.splice(0);
    await expectNoTimersOrSocketsLeft(timers as TimerTracker, baseline);
  }

  function start(extra: Record<string, unknown>) {
    baseline = ourResources();
    timers = trackTimers();
    return startRecorded(agents, lp, extra);
  }

  it('a CSDS server that never answers: SDKError after httpTimeout, to the error event and the callback', async () => {
    lp.routes.csds = () => ({ hang: true });
    const { agent, log } = start({ httpTimeout: HTTP_TIMEOUT });
    const [err] = await callback((cb) => agent.connect(cb));
    const expected = { type: 'SDKError', message: `Error on CSDS request: timed out after ${HTTP_TIMEOUT} ms`, code: null, service: 'domainNames' };
    expect(describeError(err)).toEqual(expected);
    expect(log.reduced).toEqual([['error', { ...expected, location: 'Connect#CSDS' }]]);
    expect(lp.requestsTo('csds')).toHaveLength(1);
    expect(lp.requestsTo('login')).toHaveLength(0);
    await expectNothingLeft(agent);
  });

  it('a login that never answers: SDKError after httpTimeout at Connect#Login', async () => {
    lp.routes.login = () => ({ hang: true });
    const { agent, log } = start({ httpTimeout: HTTP_TIMEOUT });
    const [err] = await callback((cb) => agent.connect(cb));
    const expected = { type: 'SDKError', message: `Error on AgentVEP login: timed out after ${HTTP_TIMEOUT} ms`, code: null, service: 'authentication.login' };
    expect(describeError(err)).toEqual(expected);
    expect(log.reduced).toEqual([['success', 'Connect#CSDS'], ['error', { ...expected, location: 'Connect#Login' }]]);
    expect(lp.upgrades).toEqual([]);
    await expectNothingLeft(agent);
  });

  it('a refresh that never answers: SDKError after httpTimeout at RefreshSession#REST; the socket stays', async () => {
    lp.routes.refresh = () => ({ hang: true });
    const { agent, log } = start({ httpTimeout: HTTP_TIMEOUT });
    await nextEvent(agent, 'connected');
    const [err] = await callback((cb) => agent.refreshSession(cb));
    const expected = { type: 'SDKError', message: `Error on AgentVEP RefreshSession: timed out after ${HTTP_TIMEOUT} ms`, code: null, service: 'authentication.refreshSession' };
    expect(describeError(err)).toEqual(expected);
    expect(log.reduced).toEqual([
      ...START,
      ['success', 'RefreshSession#Precheck'],
      ['success', 'RefreshSession#CSDS'],
      ['error', { ...expected, location: 'RefreshSession#REST' }],
    ]);
    expect(agent.connected).toBe(true);
    await expectNothingLeft(agent);
  });

  it('a hanging CSDS with autoReconnect is retried, then connects', async () => {
    const csds = lp.routes.csds;
    let hung = 0;
    lp.routes.csds = (req) => (hung++ < 1 ? { hang: true } : csds(req));
    const { agent, log } = start({ httpTimeout: HTTP_TIMEOUT, autoReconnect: FAST_RETRY });
    expect(await nextEvent(agent, 'reconnected')).toEqual({ attempts: 1 });
    const expected = { type: 'SDKError', message: `Error on CSDS request: timed out after ${HTTP_TIMEOUT} ms`, code: null, service: 'domainNames' };
    expect(log.reduced).toEqual([
      ['error', { ...expected, location: 'Connect#CSDS' }],
      retryEntry(1, 20, { error: expected }, true),
      ...START,
      ['reconnected', { attempts: 1 }],
    ]);
    await expectNothingLeft(agent);
  });

  it.each([
    ['a TCP server that accepts and says nothing', startSilentTcpServer],
    ['an HTTPS server that never answers the upgrade', startMuteUpgradeServer],
    // The deadline counts from the start: bytes that keep the socket busy do not extend it.
    ['an HTTPS server that sends upgrade headers a line at a time and never ends them', startTricklingUpgradeServer],
  ])('%s: error and closed 1006 after handshakeTimeout', async (_what, startServer) => {
    const silent = await startSilent(startServer);
    const { agent, log } = start({ handshakeTimeout: 50, domains: { facadeMsg: silent.host } });
    // As in the original, the connect callback gets null once the socket is being opened.
    expect(await callback((cb) => agent.connect(cb))).toEqual([null, undefined]);
    expect(await nextEvent(agent, 'closed')).toBe(1006);
    expect(log.reduced).toEqual([
      ['success', 'Connect#CSDS'],
      ['success', 'Connect#Login'],
      ['error', { ...HANDSHAKE_TIMEOUT, location: undefined }],
      ['closed', 1006],
    ]);
    expect(silent.accepted).toBe(1);
    expect(agent.connected).toBe(false);
    await expectNothingLeft(agent);
  });

  it('a socket that opened within handshakeTimeout stays open after it: the deadline is gone', async () => {
    const { agent, log } = start({ handshakeTimeout: 100 });
    await nextEvent(agent, 'connected');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(log.reduced).toEqual(START);
    expect(agent.connected).toBe(true);
    expect(lp.sockets).toHaveLength(1);
    await expectNothingLeft(agent);
  });

  it('a handshake that never completes, with autoReconnect: each attempt times out, then the agent gives up', async () => {
    const silent = await startSilent(startSilentTcpServer);
    const { agent, log } = start({ handshakeTimeout: 50, domains: { facadeMsg: silent.host }, autoReconnect: { ...FAST_RETRY, maxAttempts: 2 } });
    await gaveUp(agent);
    const timedOut = [['error', { ...HANDSHAKE_TIMEOUT, location: undefined }], ['closed', 1006]];
    expect(log.reduced).toEqual([
      ['success', 'Connect#CSDS'],
      ['success', 'Connect#Login'],
      ...timedOut,
      retryEntry(1, 20, { code: 1006, error: HANDSHAKE_TIMEOUT }, false),
      ...timedOut,
      retryEntry(2, 25, { code: 1006, error: HANDSHAKE_TIMEOUT }, false),
      ...timedOut,
      ['error', { type: 'SDKError', message: 'could not reconnect after 2 attempts (last cause: Error on WS connection: Opening handshake has timed out)', code: 1006, service: 'messaging', location: 'AutoReconnect' }],
    ]);
    expect(silent.accepted).toBe(3);
    await expectNothingLeft(agent);
  });
});
