import { Agent } from 'node-agent-sdk';
import { version } from '../../package.json';
import { fakeLPSuite } from '../helpers/suite';
import { ACCOUNT, BEARER, CSRF, FakeLP, USER_ID, USER_PID } from '../helpers/fake-lp';
import { EventLog, recordingCallback } from '../helpers/events';

const CSDS_PATH = `/api/account/${ACCOUNT}/service/baseURI.json?version=1.0`;
const LOGIN_PATH = `/api/account/${ACCOUNT}/login?v=1.3`;
const wsPath = (token: string, v = '2.1') => `/ws_api/account/${ACCOUNT}/messaging/brand/${token}?v=${v}`;

const suite = fakeLPSuite();
const { agents } = suite;

function create(conf: any): { agent: Agent; log: EventLog } {
  const agent = new Agent(conf);
  agents.track(agent);
  return { agent, log: new EventLog(agent) };
}

describe('connect: the CSDS and login calls', () => {
  it('asks CSDS for the account domains with GET and the exact URL', async () => {
    const { log } = create(suite.lp.config());
    await log.waitFor('connected');
    expect(suite.lp.requestsTo('csds')).toEqual([expect.objectContaining({ method: 'GET', path: CSDS_PATH, body: undefined })]);
    expect(suite.lp.http[0].path).toBe(CSDS_PATH);
  });

  it('logs in with user/password: POST ?v=1.3, JSON body, the SDK User-Agent', async () => {
    const { log } = create(suite.lp.config());
    await log.waitFor('connected');
    const [loginCall] = suite.lp.requestsTo('login');
    expect(loginCall.method).toBe('POST');
    expect(loginCall.path).toBe(LOGIN_PATH);
    expect(loginCall.body).toEqual({ username: 'bot', password: 'secret' });
    expect(loginCall.headers['user-agent']).toBe(`NodeAgentSDK/${version}`);
    expect(loginCall.headers['content-type']).toBe('application/json');
    expect(suite.lp.http.map((r) => r.path)).toEqual([CSDS_PATH, LOGIN_PATH]);
  });

  it('logs in with a SAML assertion: {jwt: "dummy", assertion}', async () => {
    const { log } = create(suite.lp.config({ username: undefined, password: undefined, assertion: '<saml:Assertion/>' }));
    await log.waitFor('connected');
    expect(suite.lp.requestsTo('login').map((r) => r.body)).toEqual([{ jwt: 'dummy', assertion: '<saml:Assertion/>' }]);
  });

  it('logs in with OAuth1: the five fields, nothing else', async () => {
    const oauth = { username: 'bot', appKey: 'key-1', secret: 'sec-1', accessToken: 'at-1', accessTokenSecret: 'ats-1' };
    const { log } = create(suite.lp.config({ password: undefined, ...oauth }));
    await log.waitFor('connected');
    expect(suite.lp.requestsTo('login').map((r) => r.body)).toEqual([oauth]);
  });

  it('prefers user/password over an assertion given as well, as the original did', async () => {
    const { log } = create(suite.lp.config({ assertion: 'ignored' }));
    await log.waitFor('connected');
    expect(suite.lp.requestsTo('login')[0].body).toEqual({ username: 'bot', password: 'secret' });
  });

  it('sets the identity from the login answer: agentId, userId, __oldAgentId, token, csrf, cookie jar', async () => {
    const { agent, log } = create(suite.lp.config());
    await log.waitFor('connected');
    expect(agent.agentId).toBe(USER_PID);
    expect(agent.userId).toBe(USER_ID);
    expect(agent.__oldAgentId).toBe(`${ACCOUNT}.${USER_ID}`);
    expect(agent.token).toBe(BEARER);
    expect(agent.getBearerToken()).toBe(BEARER);
    expect(agent.csrf).toBe(CSRF);
    expect(agent.jar?.header()).toBe('Session_id=s1; other=o1');
  });

  it('with a token: no login call, userId and __oldAgentId from conf, agentId and token left unset', async () => {
    suite.lp.tokens.add('tok-9');
    const { agent, log } = create({ accountId: ACCOUNT, token: 'tok-9', userId: 'u-9', csdsDomain: suite.lp.host, ca: suite.lp.ca });
    await log.waitFor('connected');
    expect(log.lines).toEqual(['success Connect#CSDS', 'success Connect#Login', 'connected']);
    expect(suite.lp.requestsTo('login')).toEqual([]);
    expect(suite.lp.http.map((r) => r.path)).toEqual([CSDS_PATH]);
    expect(suite.lp.upgrades).toEqual([wsPath('tok-9')]);
    expect(agent.userId).toBe('u-9');
    expect(agent.__oldAgentId).toBe(`${ACCOUNT}.u-9`);
    expect(agent.agentId).toBeUndefined();
    expect(agent.token).toBeUndefined();
    expect(agent.csrf).toBeUndefined();
    expect(agent.jar).toBeUndefined();
  });
});

describe('connect: the socket', () => {
  it('opens wss://{facadeMsg}/ws_api/account/{id}/messaging/brand/{bearer}?v=2.1', async () => {
    const { log } = create(suite.lp.config());
    await log.waitFor('connected');
    expect(suite.lp.upgrades).toEqual([wsPath(BEARER)]);
  });

  it('puts conf.apiVersion in the URL', async () => {
    const { log } = create(suite.lp.config({ apiVersion: 3 }));
    await log.waitFor('connected');
    expect(suite.lp.upgrades).toEqual([wsPath(BEARER, '3')]);
  });

  it('hands the conf to ws as options: conf.headers reach the upgrade request', async () => {
    const seen: Array<Record<string, unknown>> = [];
    suite.lp.server.prependListener('upgrade', (req) => seen.push(req.headers));
    const { log } = create(suite.lp.config({ headers: { 'x-bot': 'b-1' } }));
    await log.waitFor('connected');
    expect(seen).toHaveLength(1);
    expect(seen[0]['x-bot']).toBe('b-1');
  });

  describe('with a second server', () => {
    // The agents go before the second server does (hooks run in the order they are registered).
    afterEach(() => agents.disposeAll());
    // A second fake LivePerson per test, next to suite.lp.
    const second = fakeLPSuite();
    let other: FakeLP;
    beforeEach(() => {
      other = second.lp;
    });

    it('merges conf.domains over the CSDS answer (facadeMsg elsewhere)', async () => {
      const { log } = create(suite.lp.config({ domains: { facadeMsg: other.host } }));
      await log.waitFor('connected');
      expect(suite.lp.upgrades).toEqual([]);
      expect(other.upgrades).toEqual([wsPath(BEARER)]);
      expect(other.http).toEqual([]);
      expect(suite.lp.http.map((r) => r.path)).toEqual([CSDS_PATH, LOGIN_PATH]);
    });

    it('uses the CSDS service named by wsDomainType for the socket', async () => {
      suite.lp.routes.csds = () => ({
        body: {
          baseURIs: [
            { account: ACCOUNT, service: 'agentVep', baseURI: suite.lp.host },
            { account: ACCOUNT, service: 'facadeMsg', baseURI: suite.lp.host },
            { account: ACCOUNT, service: 'asyncMessagingEnt', baseURI: other.host },
          ],
        },
      });
      const { log } = create(suite.lp.config({ wsDomainType: 'asyncMessagingEnt' }));
      await log.waitFor('connected');
      expect(other.upgrades).toEqual([wsPath(BEARER)]);
      expect(suite.lp.upgrades).toEqual([]);
    });
  });

  it('falls back to facadeMsg when CSDS has no service of the wsDomainType', async () => {
    const { log } = create(suite.lp.config({ wsDomainType: 'noSuchService' }));
    await log.waitFor('connected');
    expect(log.lines).toEqual(['success Connect#CSDS', 'success Connect#Login', 'connected']);
    expect(suite.lp.upgrades).toEqual([wsPath(BEARER)]);
  });

  it('emits success Connect#CSDS, success Connect#Login, then connected {connected, ts}; the callback gets null first', async () => {
    const { agent, log } = create(suite.lp.config());
    const order: string[] = [];
    agent.on('connected', () => order.push('connected'));
    const spy = recordingCallback();
    agent.connect((...args: any[]) => {
      order.push('callback');
      spy(...args);
    });
    const before = Date.now();
    const [payload] = await log.waitFor('connected');
    expect(await spy.settled).toEqual([null]);
    expect(order).toEqual(['callback', 'connected']);
    expect(log.entries).toEqual([
      { name: 'success', args: [{ location: 'Connect#CSDS' }] },
      { name: 'success', args: [{ location: 'Connect#Login' }] },
      { name: 'connected', args: [{ connected: true, ts: expect.any(Number) }] },
    ]);
    expect(payload.ts).toBeGreaterThanOrEqual(before);
    expect(payload.ts).toBeLessThanOrEqual(Date.now());
    expect(agent.connected).toBe(true);
  });

  it('connect(cb) on a connected agent calls back null at once and opens nothing new', async () => {
    const { agent, log } = create(suite.lp.config());
    await log.waitFor('connected');
    const spy = recordingCallback();
    agent.connect(spy);
    expect(spy.calls).toEqual([[null]]);
    expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
    expect(suite.lp.upgrades).toHaveLength(1);
    expect(suite.lp.requestsTo('login')).toHaveLength(1);
    expect(log.lines).toEqual(['success Connect#CSDS', 'success Connect#Login', 'connected']);
  });
});

describe('connect: the CSDS cache (60 s per agent)', () => {
  /** Disposes, then connects again with fresh listeners; resolves once connected. */
  async function reconnectFresh(agent: Agent): Promise<EventLog> {
    agent.dispose();
    const log = new EventLog(agent);
    const spy = recordingCallback();
    agent.connect(spy);
    await log.waitFor('connected');
    expect(spy.calls).toEqual([[null]]);
    return log;
  }

  it('reuses the domains within 60 s: a second connect makes no CSDS call but still reports Connect#CSDS', async () => {
    const { agent, log } = create(suite.lp.config());
    await log.waitFor('connected');
    const again = await reconnectFresh(agent);
    expect(again.lines).toEqual(['success Connect#CSDS', 'success Connect#Login', 'connected']);
    expect(suite.lp.requestsTo('csds')).toHaveLength(1);
    expect(suite.lp.requestsTo('login')).toHaveLength(2);
    expect(suite.lp.upgrades).toEqual([wsPath(BEARER), wsPath(`${BEARER}-2`)]);
  });

  it('asks CSDS again once 60 s have passed (Date.now mocked)', async () => {
    const start = Date.now();
    const realNow = Date.now.bind(Date);
    let offset = 0;
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
    const { agent, log } = create(suite.lp.config());
    await log.waitFor('connected');

    offset = 59_000 - (realNow() - start);
    await reconnectFresh(agent);
    expect(suite.lp.requestsTo('csds')).toHaveLength(1);

    offset = 60_001;
    await reconnectFresh(agent);
    expect(suite.lp.requestsTo('csds')).toHaveLength(2);
    expect(suite.lp.requestsTo('login')).toHaveLength(3);
  });

  it('does not cache an empty answer', async () => {
    suite.lp.routes.csds = () => ({ body: { baseURIs: [] } });
    const { agent, log } = create(suite.lp.config());
    const failed = recordingCallback();
    agent.connect(failed);
    const [err] = await failed.settled;
    const unknownAccount = `could not fetch domains: CSDS (${suite.lp.config().csdsDomain}) lists no services for account ${ACCOUNT}; is the account id right?`;
    expect(err.message).toBe(unknownAccount);
    expect(log.lines).toEqual(['success Connect#CSDS', `error Connect#Login: ${unknownAccount}`]);

    suite.lp.routes.csds = () => ({ body: { baseURIs: suite.lp.baseURIs() } });
    const spy = recordingCallback();
    agent.connect(spy);
    await log.waitFor('connected');
    expect(spy.calls).toEqual([[null]]);
    expect(suite.lp.requestsTo('csds')).toHaveLength(2);
  });
});

describe('csdsClient (the original exposed it; its sample bots use it)', () => {
  it('getAll(cb) answers the service map from CSDS, then from the 60 s cache', async () => {
    const agent = new Agent(suite.lp.config({ refreshSessionToken: false }));
    agents.track(agent);
    await new Promise((resolve) => agent.once('connected', resolve));
    const domains = await new Promise((resolve, reject) => agent.csdsClient.getAll((err, d) => (err ? reject(err) : resolve(d))));
    expect(domains).toEqual({ agentVep: suite.lp.host, facadeMsg: suite.lp.host, asyncMessagingEnt: suite.lp.host });
    expect(suite.lp.requestsTo('csds')).toHaveLength(1);
  });

  it('getAll(cb) calls back before it returns on a cache hit, and only after the lookup on a miss', async () => {
    const agent = new Agent(suite.lp.config({ refreshSessionToken: false }));
    agents.track(agent);
    await new Promise((resolve) => agent.once('connected', resolve));
    // The original's agent-survey sample builds its survey client in this callback and uses it on the next line.
    const order: string[] = [];
    agent.csdsClient.getAll((err, domains) => order.push(`callback ${err} ${domains?.agentVep}`));
    order.push('returned');
    expect(order).toEqual([`callback null ${suite.lp.host}`, 'returned']);

    agent.csdsClient.cache.flushAll();
    const missed = new Promise((resolve) => agent.csdsClient.getAll((err, domains) => resolve([err, domains?.agentVep])));
    order.push('returned after a miss');
    expect(order).toEqual([`callback null ${suite.lp.host}`, 'returned', 'returned after a miss']);
    expect(await missed).toEqual([null, suite.lp.host]);
    expect(suite.lp.requestsTo('csds')).toHaveLength(2);
  });
});
