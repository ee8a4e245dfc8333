import { nextEvent, pause, serverClosed, describeError } from '../helpers/events';
import type { FakeLP } from '../helpers/fake-lp';
import { CONNECTED, FAST_RETRY, START, callback, countPings, retryEntry, startRecorded } from '../helpers/resilience';
import { fakeLPSuite } from '../helpers/suite';
import { type Agents, until } from '../helpers/wait';

async function connectedAgent(agents: Agents, lp: FakeLP, extra: Record<string, unknown>) {
  const started = startRecorded(agents, lp, extra);
  await nextEvent(started.agent, 'connected');
  return started;
}

describe('heartbeat', () => {
  describe('with a server that answers pings', () => {
    const suite = fakeLPSuite();
    const { agents } = suite;
    let lp: FakeLP;
    beforeEach(() => {
      lp = suite.lp;
    });

    it('pings once on open, and no more before pingInterval', async () => {
      const pings = countPings(lp);
      const { agent, log } = await connectedAgent(agents, lp, { pingInterval: 60000, pongTimeout: 200 });
      await until(() => pings[0] === 1); // the ping on open
      // Well past the pong deadline: the pong came, so the socket stays.
      await pause(200);
      expect(pings).toEqual([1]);
      expect(agent.connected).toBe(true);
      expect(log.reduced).toEqual(START);
    });

    it('pings every pingInterval and keeps the socket while the pongs come', async () => {
      const pings = countPings(lp);
      const { agent, log } = await connectedAgent(agents, lp, { pingInterval: 50, pongTimeout: 200 });
      await until(() => pings[0] >= 5); // five pings
      expect(agent.connected).toBe(true);
      expect(lp.sockets).toHaveLength(1);
      expect(log.reduced).toEqual(START);
      expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
    });

    it('disposing stops the pings', async () => {
      const pings = countPings(lp);
      const { agent } = await connectedAgent(agents, lp, { pingInterval: 20, pongTimeout: 200 });
      await until(() => pings[0] >= 3); // three pings
      const serverSawClose = serverClosed(lp.socket);
      agent.dispose();
      await serverSawClose;
      const seen = pings[0];
      await pause(100);
      expect(pings[0]).toBe(seen);
    });
  });

  describe('with a server that never answers pings', () => {
    const suite = fakeLPSuite({ autoPong: false });
    const { agents } = suite;
    let lp: FakeLP;
    beforeEach(() => {
      lp = suite.lp;
    });

    it('closes the socket when no pong comes within pongTimeout: closed 1006, pending requests failed', async () => {
      lp.responder = undefined;
      const pings = countPings(lp);
      const { agent, log } = startRecorded(agents, lp, { pingInterval: 60000, pongTimeout: 50 });
      // Sent as soon as the socket opens, before the pong deadline; the server never answers it.
      const pending = new Promise<[any, any]>((resolve) => agent.once('connected', () => agent.getClock({}, (err: any, body: any) => resolve([err, body]))));
      const serverSawClose = lp.nextSocket().then(serverClosed);
      const [err, body] = await pending;
      expect(describeError(err)).toEqual({ type: 'RequestTimeoutError', message: 'Request has timed out', code: null, service: 'messaging' });
      expect(body).toBeUndefined();
      expect(log.reduced).toEqual([...START, ['closed', 1006]]);
      expect(agent.connected).toBe(false);
      expect(agent.pendingRequestCount).toBe(0);
      await serverSawClose;
      expect(pings).toEqual([1]);
      expect(lp.frames.map((f) => f.type)).toEqual(['.GetClock']);
    });

    it('a missed pong with autoReconnect: closed 1006, then a new socket with the same token', async () => {
      const { agent, log } = await connectedAgent(agents, lp, { pingInterval: 60000, pongTimeout: 50, autoReconnect: FAST_RETRY });
      expect(await nextEvent(agent, 'reconnected')).toEqual({ attempts: 1 });
      expect(log.reduced).toEqual([
        ...START,
        ['closed', 1006],
        retryEntry(1, 20, { code: 1006 }, false),
        CONNECTED,
        ['reconnected', { attempts: 1 }],
      ]);
      expect(lp.requestsTo('login')).toHaveLength(1);
      expect(lp.upgrades).toHaveLength(2);
      expect(lp.upgrades[1]).toBe(lp.upgrades[0]);
    });

    it('pongTimeout 0 disables the deadline: a server that never pongs keeps the socket', async () => {
      const pings = countPings(lp);
      const { agent, log } = await connectedAgent(agents, lp, { pingInterval: 20, pongTimeout: 0 });
      await until(() => pings[0] >= 10); // ten unanswered pings
      expect(agent.connected).toBe(true);
      expect(log.reduced).toEqual(START);
      expect(await callback((cb) => agent.getClock({}, cb))).toEqual([null, { currentTime: 1700000000000 }]);
    });
  });
});
