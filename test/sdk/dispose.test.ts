import * as https from 'https';
import type { Duplex } from 'stream';
import { Agent } from 'node-agent-sdk';
import { ACCOUNT, BEARER, type FakeLP, USER_ID } from '../helpers/fake-lp';
import { EventLog, deferred, describeError, pause, serverClosed, trackTimers, recordingCallback } from '../helpers/events';
import { fakeLPSuite } from '../helpers/suite';

const TIMED_OUT = { type: 'RequestTimeoutError', message: 'Request has timed out', code: null, service: 'messaging' };
const DISPOSED = { type: 'SDKError', message: 'the agent was disposed', code: null, service: null };
/** Every event an agent can emit on its own, to prove a disposed one stays silent. */
const ALL_EVENTS = ['success', 'error', 'connected', 'closed', 'notification', 'warn', 'message:sent', 'reconnecting', 'reconnected'];

const suite = fakeLPSuite();
const { agents } = suite;
let lp: FakeLP;
const heldSockets: Duplex[] = [];
let timers: ReturnType<typeof trackTimers> | undefined;

beforeEach(() => {
  lp = suite.lp;
});
afterEach(() => {
  timers?.stop();
  timers = undefined;
  for (const socket of heldSockets.splice(0)) socket.destroy();
});

function create(conf: any = lp.config()): { agent: Agent; log: EventLog } {
  const agent = agents.track(new Agent(conf));
  return { agent, log: new EventLog(agent) };
}

/** Holds the next answer of a FakeLP route until the test releases it; `arrived` resolves when the call came. */
function holdRoute(name: 'csds' | 'login') {
  const original = lp.routes[name];
  const arrived = deferred();
  const release = deferred();
  lp.routes[name] = async (req) => {
    arrived.resolve();
    await release.promise;
    return original(req);
  };
  return { arrived: arrived.promise, release: () => release.resolve() };
}

describe('dispose()', () => {
  it('fails pending requests, closes the socket, sets connected false and removes every listener', async () => {
    const { agent, log } = create();
    await log.waitFor('connected');
    const socket = lp.socket;
    lp.responder = undefined;
    const request = recordingCallback();
    const sent = lp.nextFrame();
    agent.getClock({}, request);
    await sent;

    agent.dispose();
    // Answered on the next tick, as the original answered them on the closed socket's close event.
    expect(request.calls).toHaveLength(0);
    expect(agent.connected).toBe(false);
    expect(agent.pendingRequestCount).toBe(0);
    expect(agent.eventNames()).toEqual([]);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(request.calls).toHaveLength(1);
    expect(describeError(request.calls[0][0])).toEqual(TIMED_OUT);

    const after = new EventLog(agent, ALL_EVENTS);
    await serverClosed(socket);
    lp.push({ kind: 'notification', type: 'late', body: {} });
    expect(log.lines).toEqual(['success Connect#CSDS', 'success Connect#Login', 'connected']);
    expect(after.entries).toEqual([]);
  });

  it('answers requests made after it with "socket not connected", and tolerates a second dispose', async () => {
    const { agent, log } = create();
    await log.waitFor('connected');
    agent.dispose();
    agent.dispose();
    const request = recordingCallback();
    expect(agent.getClock({}, request)).toBeUndefined();
    expect(describeError(request.calls[0][0])).toEqual({ type: 'NotConnectedError', message: 'socket not connected', code: null, service: 'messaging' });
  });

  it('stops the periodic refresh: no refresh call and no timer survive it', async () => {
    timers = trackTimers();
    const { agent, log } = create(lp.config({ refreshSessionInterval: 10 }));
    await log.until((l) => l.count('success RefreshSession#REST') === 1);
    const socket = lp.socket;
    await new Promise(setImmediate); // lets the finished refresh schedule the next one
    // The tracker does see the agent's timers while it runs: the next refresh, the next ping
    // (unref'd: the open socket is what keeps the process alive).
    expect(timers.scheduled()).toEqual(
      expect.arrayContaining([expect.stringContaining('RefreshSchedule.start'), expect.stringContaining('Transport.ping')]),
    );
    agent.dispose();
    await serverClosed(socket);
    const refreshes = lp.requestsTo('refresh').length;
    expect(timers.scheduled()).toEqual([]);
    const after = new EventLog(agent, ALL_EVENTS);
    await pause(100);
    expect(lp.requestsTo('refresh')).toHaveLength(refreshes);
    expect(after.entries).toEqual([]);
  });
});

describe('dispose() during an in-flight connect', () => {
  it.each(['csds', 'login'] as const)('while the %s call is in flight: the agent never connects; the callback gets an error', async (step) => {
    const held = holdRoute(step);
    const { agent } = create(lp.config({ refreshSessionInterval: 10 }));
    const connect = recordingCallback();
    agent.connect(connect);
    await held.arrived;

    agent.dispose();
    const after = new EventLog(agent, ALL_EVENTS);
    held.release();
    const [err] = await connect.settled;
    expect(describeError(err)).toEqual(DISPOSED);
    await pause(100);
    expect(lp.upgrades).toEqual([]);
    expect(lp.requestsTo('refresh')).toEqual([]);
    expect(after.entries).toEqual([]);
    expect(agent.connected).toBe(false);
  });

  it('with Node’s default HTTPS agent (no ca, no proxy), a login answered after dispose starts nothing', async () => {
    const previousCa = https.globalAgent.options.ca;
    https.globalAgent.options.ca = lp.ca;
    try {
      const held = holdRoute('login');
      timers = trackTimers();
      const { agent } = create({ accountId: ACCOUNT, username: 'bot', password: 'secret', csdsDomain: lp.host, refreshSessionInterval: 10 });
      const connect = recordingCallback();
      agent.connect(connect);
      await held.arrived;

      agent.dispose();
      const after = new EventLog(agent, ALL_EVENTS);
      held.release();
      const [err] = await connect.settled;
      expect(describeError(err)).toEqual(DISPOSED);
      // The login answer did arrive, but a disposed agent keeps neither the session nor a refresh timer.
      expect(lp.requestsTo('login')).toHaveLength(1);
      expect(agent.csrf).toBeUndefined();
      expect(timers.pending()).toEqual([]);
      await pause(100);
      expect(lp.requestsTo('refresh')).toEqual([]);
      expect(lp.upgrades).toEqual([]);
      expect(after.entries).toEqual([]);
    } finally {
      https.globalAgent.options.ca = previousCa;
      https.globalAgent.destroy();
    }
  });

  it('while the socket handshake is in flight: no connected, no closed, no error', async () => {
    const upgraded = deferred();
    lp.server.removeAllListeners('upgrade');
    lp.server.on('upgrade', (_req, socket: Duplex) => {
      heldSockets.push(socket);
      upgraded.resolve();
    });
    const { agent, log } = create();
    await upgraded.promise;
    agent.dispose();
    const after = new EventLog(agent, ALL_EVENTS);
    await new Promise((resolve) => heldSockets[0].once('close', resolve));
    expect(log.lines).toEqual(['success Connect#CSDS', 'success Connect#Login']);
    expect(after.entries).toEqual([]);
    expect(agent.connected).toBe(false);
  });
});

describe('connect after dispose, and connect twice', () => {
  it('connect(cb) after dispose() connects again; new listeners see it', async () => {
    const { agent, log } = create();
    await log.waitFor('connected');
    agent.dispose();
    const again = new EventLog(agent);
    const connect = recordingCallback();
    agent.connect(connect);
    await again.waitFor('connected');
    expect(connect.calls).toEqual([[null]]);
    expect(again.lines).toEqual(['success Connect#CSDS', 'success Connect#Login', 'connected']);
    expect(agent.connected).toBe(true);
    expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
    expect(lp.upgrades).toEqual([
      `/ws_api/account/${ACCOUNT}/messaging/brand/${BEARER}?v=2.1`,
      `/ws_api/account/${ACCOUNT}/messaging/brand/${BEARER}-2?v=2.1`,
    ]);
  });

  it('connect() twice while connecting: one CSDS call, one login, one socket; both callbacks get null', async () => {
    const { agent, log } = create();
    const first = recordingCallback();
    const second = recordingCallback();
    agent.connect(first);
    agent.connect(second);
    agent.connect();
    await log.waitFor('connected');
    expect(first.calls).toEqual([[null]]);
    expect(second.calls).toEqual([[null]]);
    expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
    expect(lp.requestsTo('csds')).toHaveLength(1);
    expect(lp.requestsTo('login')).toHaveLength(1);
    expect(lp.upgrades).toHaveLength(1);
    expect(lp.sockets).toHaveLength(1);
    expect(log.lines).toEqual(['success Connect#CSDS', 'success Connect#Login', 'connected']);
  });

  it('connect() with a token twice: one socket', async () => {
    const { agent, log } = create({ accountId: ACCOUNT, token: BEARER, userId: USER_ID, csdsDomain: lp.host, ca: lp.ca });
    agent.connect();
    await log.waitFor('connected');
    agent.connect();
    expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
    expect(lp.upgrades).toHaveLength(1);
  });
});
