import type { Agent } from 'node-agent-sdk';
import { nextEvent, describeError, type EventLog } from '../helpers/events';
import type { FakeLP } from '../helpers/fake-lp';
import { START, callback, startConnectProxy, startRecorded, type ConnectProxy } from '../helpers/resilience';
import { fakeLPSuite } from '../helpers/suite';

describe('CONNECT proxy', () => {
  let lp: FakeLP;
  let proxy: ConnectProxy;
  const suite = fakeLPSuite();
  const { agents } = suite;
  let savedEnv: { HTTPS_PROXY?: string; https_proxy?: string };

  beforeEach(async () => {
    savedEnv = { HTTPS_PROXY: process.env.HTTPS_PROXY, https_proxy: process.env.https_proxy };
    delete process.env.HTTPS_PROXY;
    delete process.env.https_proxy;
    lp = suite.lp;
  });
  afterEach(async () => {
    await proxy?.close();
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const start = (extra: Record<string, unknown> = {}) => startRecorded(agents, lp, extra);

  async function expectConnectedThrough(agent: Agent, log: EventLog): Promise<void> {
    await nextEvent(agent, 'connected');
    expect(await callback((cb) => agent.getClock({}, cb))).toEqual([null, { currentTime: 1700000000000 }]);
    expect(log.reduced).toEqual(START);
    // CSDS, login and the websocket: one tunnel each, all to the LivePerson host.
    expect(proxy.targets).toEqual([lp.host, lp.host, lp.host]);
    expect(lp.requestsTo('csds')).toHaveLength(1);
    expect(lp.requestsTo('login')).toHaveLength(1);
    expect(lp.upgrades).toHaveLength(1);
    expect(lp.frames.map((f) => f.type)).toEqual(['.GetClock']);
  }

  it('the proxy option sends CSDS, login and the websocket through the proxy', async () => {
    proxy = await startConnectProxy();
    const { agent, log } = start({ proxy: proxy.url });
    await expectConnectedThrough(agent, log);
  });

  it('HTTPS_PROXY has the same effect', async () => {
    proxy = await startConnectProxy();
    process.env.HTTPS_PROXY = proxy.url;
    const { agent, log } = start();
    await expectConnectedThrough(agent, log);
  });

  it('https_proxy (lower case) has the same effect', async () => {
    proxy = await startConnectProxy();
    process.env.https_proxy = proxy.url;
    const { agent, log } = start();
    await expectConnectedThrough(agent, log);
  });

  it('the proxy option wins over HTTPS_PROXY', async () => {
    proxy = await startConnectProxy();
    const other = await startConnectProxy({ refuse: 403 });
    try {
      process.env.HTTPS_PROXY = other.url;
      const { agent, log } = start({ proxy: proxy.url });
      await expectConnectedThrough(agent, log);
      expect(other.targets).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('a reconnect goes through the proxy too', async () => {
    proxy = await startConnectProxy();
    const { agent } = start({ proxy: proxy.url });
    await nextEvent(agent, 'connected');
    const connected = nextEvent(agent, 'connected');
    agent.reconnect(true);
    await connected;
    expect(proxy.targets).toEqual([lp.host, lp.host, lp.host, lp.host]);
    expect(lp.upgrades).toHaveLength(2);
  });

  it('without a proxy nothing is tunnelled', async () => {
    proxy = await startConnectProxy();
    const { agent } = start();
    await nextEvent(agent, 'connected');
    expect(proxy.targets).toEqual([]);
  });

  it('a proxy answering 403 to CONNECT: a clear error at Connect#CSDS, to the event and the callback', async () => {
    proxy = await startConnectProxy({ refuse: 403 });
    const { agent, log } = start({ proxy: proxy.url });
    const [err] = await callback((cb) => agent.connect(cb));
    const expected = { type: 'SDKError', message: `Error on CSDS request: Proxy CONNECT to ${lp.host} failed: 403 Forbidden`, code: null, service: 'domainNames' };
    expect(describeError(err)).toEqual(expected);
    expect(log.reduced).toEqual([['error', { ...expected, location: 'Connect#CSDS' }]]);
    expect(proxy.targets).toEqual([lp.host]);
    expect(lp.http).toEqual([]);
  });

  it('a proxy that refuses the websocket tunnel only: an error without context, then closed 1006', async () => {
    proxy = await startConnectProxy({ refuse: 403, allow: 2 });
    const { agent, log } = start({ proxy: proxy.url });
    expect(await nextEvent(agent, 'closed')).toBe(1006);
    expect(log.reduced).toEqual([
      ['success', 'Connect#CSDS'],
      ['success', 'Connect#Login'],
      ['error', { type: 'SDKError', message: `Error on WS connection: Proxy CONNECT to ${lp.host} failed: 403 Forbidden`, code: null, service: 'messaging', location: undefined }],
      ['closed', 1006],
    ]);
    expect(proxy.targets).toEqual([lp.host, lp.host, lp.host]);
    expect(lp.upgrades).toEqual([]);
    expect(agent.connected).toBe(false);
  });
});
