import { Agent, SDKError } from 'node-agent-sdk';
import { fakeLPSuite } from '../helpers/suite';
import { FakeLP } from '../helpers/fake-lp';
import { EventLog, describeError, recordingCallback } from '../helpers/events';

/**
 * Details where an earlier version of this SDK differed from the JavaScript SDK 1.4.x. Each
 * test pins what the original did (lib/AgentSDK.js, lib/Transport.js, lib/error/SDKError.js,
 * lib/ExternalServices.js of LivePersonInc/node-agent-sdk), so the difference cannot come back.
 */

const suite = fakeLPSuite();
const { agents } = suite;

/** Lets the 60 s CSDS cache expire, so the next step asks CSDS again. */
function expireCsdsCache(): void {
  const realNow = Date.now.bind(Date);
  jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_001);
}

function create(conf: any = suite.lp.config()): { agent: Agent; log: EventLog } {
  const agent = new Agent(conf);
  agents.track(agent);
  return { agent, log: new EventLog(agent) };
}

describe('SDKError, as lib/error/SDKError.js built it', () => {
  it('keeps code and service exactly as given: omitted means undefined, not null', () => {
    const err = new SDKError('m');
    expect(err.code).toBeUndefined();
    expect(err.service).toBeUndefined();
    expect(err.error).toBeNull();
    expect(new SDKError('m', null, 'messaging').code).toBeNull();
  });

  it('has the own properties code, service, error in that order, and the name Error', () => {
    const cause = new Error('c');
    const err = new SDKError('m', 5, 'messaging', cause);
    expect(Object.keys(err)).toEqual(['code', 'service', 'error']);
    expect(err.error).toBe(cause);
    expect(err.name).toBe('Error');
    expect(String(err)).toBe('Error: m');
  });

  it('a refresh answered with an error body without internalCode → code undefined', async () => {
    suite.lp.routes.refresh = () => ({ body: { error: 'expired' } });
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false }));
    await log.waitFor('connected');
    const done = recordingCallback();
    agent.refreshSession(done);
    const [err] = await done.settled;
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on AgentVEP RefreshSession: "expired"', code: undefined, service: 'authentication.refreshSession' });
  });
});

describe('new Agent() without a conf', () => {
  it.each([
    ['undefined', undefined],
    ['null', null],
  ])('%s: throws the TypeError of reading conf.accountId, as the original did', (_what, conf) => {
    let expected: any;
    try {
      void (conf as any).accountId;
    } catch (err) {
      expected = err;
    }
    let thrown: any;
    try {
      new Agent(conf as any);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(thrown.message).toBe(expected.message);
  });
});

describe('frames that are not JSON', () => {
  it('are ignored without any event (the original passed the raw text on, and text has no kind)', async () => {
    const { agent, log } = create();
    await log.waitFor('connected');
    const seen: string[] = [];
    const emit = agent.emit.bind(agent);
    agent.emit = ((name: string, ...args: any[]) => {
      seen.push(name);
      return emit(name, ...args);
    }) as any;
    const notified = new Promise((resolve) => agent.once('notification', resolve));
    suite.lp.push('{"kind":"notification",');
    suite.lp.notify('.ams.some.Type', { a: 1 });
    await notified;
    expect(seen).toEqual(['.ams.some.Type', 'notification']);
  });
});

describe('a login answered with JSON null', () => {
  it('sets userId null and __oldAgentId "{accountId}.null", then fails with "could not generate token" at Connect#Login', async () => {
    suite.lp.routes.login = () => ({ body: null });
    const { agent, log } = create();
    const done = recordingCallback();
    agent.connect(done);
    const [err] = await done.settled;
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'could not generate token', code: null, service: 'authentication.login' });
    expect(log.lines).toEqual(['success Connect#CSDS', 'error Connect#Login: could not generate token']);
    expect(agent.agentId).toBeNull();
    expect(agent.userId).toBeNull();
    expect(agent.__oldAgentId).toBe(`${suite.lp.config().accountId}.null`);
    expect(agent.token).toBeUndefined();
  });
});

describe('conf.domains is merged over the CSDS answer by connect only', () => {
  // The agents go before the second server does (hooks run in the order they are registered).
  afterEach(() => agents.disposeAll());
  // A second fake LivePerson per test, next to suite.lp.
  const second = fakeLPSuite();
  let other: FakeLP;
  beforeEach(() => {
    other = second.lp;
  });

  it('refreshSession calls the agentVep of the CSDS answer, not the one of conf.domains', async () => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false, domains: { agentVep: other.host } }));
    await log.waitFor('connected');
    expect(other.requestsTo('login')).toHaveLength(1);
    expect(suite.lp.requestsTo('login')).toHaveLength(0);
    const done = recordingCallback();
    agent.refreshSession(done);
    expect(await done.settled).toEqual([null]);
    expect(suite.lp.requestsTo('refresh')).toHaveLength(1);
    expect(other.requestsTo('refresh')).toHaveLength(0);
  });

  it('reconnect() logs in at the agentVep of the CSDS answer and reopens the socket on the host it had', async () => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false, domains: { agentVep: other.host, facadeMsg: other.host } }));
    await log.waitFor('connected');
    agent.reconnect();
    await log.waitFor('connected', 2);
    expect(log.lines.slice(3)).toEqual(['success Reconnect#CSDS', 'success Reconnect#Relogin#WS', 'closed 1006', 'connected']);
    expect(other.requestsTo('login')).toHaveLength(1);
    expect(suite.lp.requestsTo('login')).toHaveLength(1);
    expect(other.upgrades).toHaveLength(2);
    expect(suite.lp.upgrades).toHaveLength(0);
  });
});

describe('refreshSession with a CSDS answer that has services but no agentVep', () => {
  it('calls host "undefined" like the original, and reports that failure at RefreshSession#REST', async () => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false, httpTimeout: 5000 }));
    await log.waitFor('connected');
    expireCsdsCache();
    suite.lp.routes.csds = () => ({ body: { baseURIs: [{ account: 'x', service: 'facadeMsg', baseURI: suite.lp.host }] } });
    const done = recordingCallback();
    agent.refreshSession(done);
    const [err] = await done.settled;
    expect(err.message).toMatch(/^Error on AgentVEP RefreshSession: getaddrinfo \w+ undefined$/);
    expect(err).toMatchObject({ code: null, service: 'authentication.refreshSession' });
    expect(log.of('error')).toEqual([[err, { location: 'RefreshSession#REST' }]]);
  });
});

describe('malformed CSDS answers, read as the original read them', () => {
  it.each([
    ['baseURIs that is an object without length', { baseURIs: { service: 'agentVep' } }, 'success Reconnect#CSDS', 'error Reconnect#Relogin#WS: could not fetch domains: CSDS (HOST) lists no services for account 123456; is the account id right?'],
    ['an entry without service', { baseURIs: [{ baseURI: 'x' }] }, 'success Reconnect#CSDS', 'error Reconnect#Relogin#WS: could not fetch domains: CSDS (HOST) lists no services for account 123456; is the account id right?'],
  ])('%s: a (non-undefined) domain map, so reconnect goes on to the login step', async (_what, body, first, second) => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false }));
    await log.waitFor('connected');
    expireCsdsCache();
    suite.lp.routes.csds = () => ({ body });
    agent.reconnect();
    await log.waitFor('error');
    expect(log.lines.slice(3)).toEqual([first, second.replace('HOST', suite.lp.config().csdsDomain as string)]);
  });
});

describe('agent fields the original exposed', () => {
  it('connected, requestTimeout and errorCheckInterval are undefined until the first socket; refreshSessionInterval is set at once', async () => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false, requestTimeout: 4000 }));
    expect(agent.connected).toBeUndefined();
    expect(agent.requestTimeout).toBeUndefined();
    expect(agent.errorCheckInterval).toBeUndefined();
    expect(agent.refreshSessionInterval).toBe(600000);
    await log.waitFor('connected');
    expect(agent.connected).toBe(true);
    expect(agent.requestTimeout).toBe(4000);
    expect(agent.errorCheckInterval).toBe(1000);
    expect(create(suite.lp.config({ refreshSessionInterval: 1234 })).agent.refreshSessionInterval).toBe(1234);
  });

  it('pendingRequests maps each waiting request id to {callback, launchTime, timeout}', async () => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false }));
    await log.waitFor('connected');
    suite.lp.responder = () => undefined;
    const callback = () => undefined;
    const before = Date.now();
    const id = agent.getClock({}, callback) as string;
    expect(Object.keys(agent.pendingRequests)).toEqual([id]);
    const entry = agent.pendingRequests[id];
    expect(entry.callback).toBe(callback);
    expect(entry.timeout).toBe(10000);
    expect(entry.launchTime).toBeGreaterThanOrEqual(before);
    agent.getClock({});
    expect(Object.keys(agent.pendingRequests)).toEqual([id]);
  });

  it('a requestTimeout and errorCheckInterval changed on the agent apply to the next requests', async () => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false }));
    await log.waitFor('connected');
    suite.lp.responder = () => undefined;
    agent.requestTimeout = 40;
    agent.errorCheckInterval = 10;
    const started = Date.now();
    const done = recordingCallback();
    agent.getClock({}, done);
    const [err] = await done.settled;
    expect(describeError(err)).toEqual({ type: 'RequestTimeoutError', message: 'Request has timed out', code: null, service: 'messaging' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a refreshSessionInterval changed on the agent drives the periodic refresh', async () => {
    const { agent, log } = create(suite.lp.config());
    agent.refreshSessionInterval = 30;
    await log.waitFor('connected');
    await log.until(() => log.count('success RefreshSession#REST') >= 2);
    expect(suite.lp.requestsTo('refresh').length).toBeGreaterThanOrEqual(2);
  });
});

describe('csdsClient.cache, the node-cache the original exposed', () => {
  it('holds the account’s domains; flushAll() makes the next step ask CSDS again', async () => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false }));
    await log.waitFor('connected');
    const { cache } = agent.csdsClient;
    expect(cache.keys()).toEqual([suite.lp.config().accountId]);
    expect(cache.get(suite.lp.config().accountId)).toEqual(Object.fromEntries(suite.lp.baseURIs().map((e) => [e.service, e.baseURI])));
    const first = recordingCallback();
    agent.refreshSession(first);
    expect(await first.settled).toEqual([null]);
    expect(suite.lp.requestsTo('csds')).toHaveLength(1);
    cache.flushAll();
    expect(cache.has(suite.lp.config().accountId)).toBe(false);
    const second = recordingCallback();
    agent.refreshSession(second);
    expect(await second.settled).toEqual([null]);
    expect(suite.lp.requestsTo('csds')).toHaveLength(2);
  });
});

describe('HTTP calls, as the original’s `request` client made them', () => {
  /** Starts an agent and resolves with the error of its connect. */
  async function connectError(conf: any = suite.lp.config()): Promise<{ err: any; log: EventLog }> {
    const { agent, log } = create(conf);
    const done = recordingCallback();
    agent.connect(done);
    const [err] = await done.settled;
    return { err, log };
  }

  it('keeps the reason phrase as the server sent it, even an empty one', async () => {
    suite.lp.routes.login = () => ({ status: 401, statusText: '' });
    const { err } = await connectError();
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on AgentVEP login: ', code: 401, service: 'authentication.login' });
  });

  it('keeps a custom reason phrase', async () => {
    suite.lp.routes.csds = () => ({ status: 503, statusText: 'Down For Maintenance' });
    const { err } = await connectError();
    expect(err.message).toBe('Error on CSDS request: Down For Maintenance');
  });

  it('does not follow a redirect of the login POST: the 3xx is the failure', async () => {
    suite.lp.routes.login = () => ({ status: 302, statusText: 'Found', headers: { Location: `https://${suite.lp.host}/elsewhere` } });
    const { err, log } = await connectError();
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on AgentVEP login: Found', code: 302, service: 'authentication.login' });
    expect(log.lines).toEqual(['success Connect#CSDS', 'error Connect#Login: Error on AgentVEP login: Found']);
    expect(suite.lp.http.map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it('follows a redirect of the CSDS GET', async () => {
    const answer = suite.lp.routes.csds;
    suite.lp.routes.csds = (req) => (req.path.includes('moved=1') ? answer(req) : { status: 301, statusText: 'Moved Permanently', headers: { Location: `${req.path}&moved=1` } });
    const { log } = create();
    await log.waitFor('connected');
    expect(suite.lp.requestsTo('csds').map((r) => r.path.endsWith('moved=1'))).toEqual([false, true]);
  });

  it('a network failure carries Node’s own error (code, syscall) as `error`', async () => {
    const closed = await FakeLP.start();
    const host = closed.host;
    await closed.close();
    const { err } = await connectError(suite.lp.config({ csdsDomain: host }));
    expect(err.message).toBe(`Error on CSDS request: connect ECONNREFUSED ${host}`);
    expect(err.code).toBeNull();
    expect(err.error).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect', message: `connect ECONNREFUSED ${host}` });
  });
});

describe('the GetUserProfile answer', () => {
  it('becomes the SDE array as the frame’s last key (the original deleted body before setting it)', async () => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false }));
    await log.waitFor('connected');
    suite.lp.responder = () => undefined;
    const sent = suite.lp.nextFrame();
    const done = recordingCallback();
    agent.getUserProfile('consumer-1', done);
    const frame = await sent;
    suite.lp.push(`{"kind":"resp","body":{"firstName":"Ann"},"reqId":"${frame.id}","code":500,"type":".ams.userprofile.GetUserProfile$Response"}`);
    const [err, body] = await done.settled;
    expect(Object.keys(err)).toEqual(['kind', 'reqId', 'code', 'type', 'body']);
    expect(body).toEqual([{ type: 'personal', personal: { firstname: 'Ann' } }]);
  });
});

describe('OnlineEventDistribution, step by step as the original', () => {
  it('an event without originatorId gets __isMe, originatorId, isMe in that order', async () => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false }));
    await log.waitFor('connected');
    const received = new Promise<any>((resolve) => agent.once('ms.MessagingEventNotification', resolve));
    suite.lp.notify('.ams.ms.OnlineEventDistribution', { dialogId: 'd-1', originatorPId: 'p-1', sequence: 3 });
    const body = await received;
    expect(Object.keys(body.changes[0])).toEqual(['dialogId', 'sequence', '__isMe', 'originatorId', 'isMe']);
  });

  it('a body it cannot rewrite: the TransformError payload already has the new type', async () => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false }));
    await log.waitFor('connected');
    suite.lp.notify('.ams.ms.OnlineEventDistribution', null);
    const [err] = await log.waitFor('error');
    expect(err.message).toBe("TypeError: Cannot read properties of null (reading 'originatorId')");
    expect(err.payload).toEqual({ kind: 'notification', type: 'ms.MessagingEventNotification', body: null });
    expect(agent.connected).toBe(true);
  });
});

describe('agent.jar', () => {
  it('answers getCookieString(url) like the request library’s jar of the original', async () => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false }));
    await log.waitFor('connected');
    expect(agent.jar?.getCookieString(`https://${suite.lp.host}/api/account/x/refresh?v=1.3`)).toBe('Session_id=s1; other=o1');
  });
});

describe('requests pending when the bot replaces or disposes the socket', () => {
  it.each([
    ['dispose()', (agent: Agent) => agent.dispose()],
    ['reconnect(true)', (agent: Agent) => agent.reconnect(true)],
  ])('%s: answered "Request has timed out" right after the call returns (the original answered on the socket’s close event)', async (_what, act) => {
    const { agent, log } = create(suite.lp.config({ refreshSessionToken: false }));
    await log.waitFor('connected');
    suite.lp.responder = () => undefined;
    const order: string[] = [];
    const sent = suite.lp.nextFrame();
    agent.getClock({}, (err: any) => order.push(`callback: ${err.message}`));
    await sent;
    act(agent);
    order.push('returned');
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['returned', 'callback: Request has timed out']);
  });
});
