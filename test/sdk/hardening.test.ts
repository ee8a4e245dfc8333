import { inspect } from 'util';
import { Agent, SDKError } from 'node-agent-sdk';
import { ACCOUNT, BEARER, CSRF } from '../helpers/fake-lp';
import { EventLog, RECONNECT_LIFECYCLE, nextEvent, pause } from '../helpers/events';
import { FAST_RETRY } from '../helpers/resilience';
import { fakeLPSuite } from '../helpers/suite';
import { sync, until } from '../helpers/wait';

/** Everything a bot could see of a value, as text: its inspection (causes included) and its JSON. */
function seen(value: unknown): string {
  let json = '';
  try {
    json = JSON.stringify(value) ?? '';
  } catch {
    json = '';
  }
  return `${inspect(value, { depth: 10, showHidden: true })}\n${json}`;
}

describe('a socket that cannot even be created (ws throws on the URL)', () => {
  const suite = fakeLPSuite();

  it('gives an error at Connect#WS to the event and the callback, with the bearer shown as /brand/***', async () => {
    const agent = new Agent(suite.lp.config({ refreshSessionToken: false, domains: { facadeMsg: 'bad host' } }));
    suite.agents.track(agent);
    const log = new EventLog(agent, RECONNECT_LIFECYCLE);
    const errorEvent = nextEvent(agent, 'error');
    const answer = new Promise<any>((resolve) => agent.connect((err: any) => resolve(err)));
    const err = await answer;
    expect(await errorEvent).toBe(err);
    expect(err).toBeInstanceOf(SDKError);
    const message = `Error on WS connection: Invalid URL: wss://bad host/ws_api/account/${ACCOUNT}/messaging/brand/***?v=2.1`;
    expect(err.message).toBe(message);
    expect(err.service).toBe('messaging');
    expect(log.reduced).toEqual([
      ['success', 'Connect#CSDS'],
      ['success', 'Connect#Login'],
      ['error', { type: 'SDKError', message, code: null, service: 'messaging', location: 'Connect#WS' }],
    ]);
    expect(seen(err)).not.toContain(BEARER);
    expect(seen(err)).not.toContain('secret');
  });

  it('feeds auto-reconnect, and no attempt, error or reconnecting payload carries the bearer', async () => {
    const agent = new Agent(suite.lp.config({ refreshSessionToken: false, domains: { facadeMsg: 'bad host' }, autoReconnect: FAST_RETRY }));
    suite.agents.track(agent);
    const errors: any[] = [];
    const reconnecting: any[] = [];
    agent.on('error', (err, context) => errors.push([err, context]));
    agent.on('reconnecting', (event) => reconnecting.push(event));
    const promised = agent.promises.connect().catch((e) => e);
    await until(() => errors.some(([, context]) => context?.location === 'AutoReconnect')); // auto-reconnect to give up
    expect((await promised).message).toMatch(/^Error on WS connection: Invalid URL: .*\/brand\/\*\*\*\?v=2\.1$/);
    expect(errors.map(([, context]) => context.location)).toEqual(['Connect#WS', 'Reconnect#Relogin#WS', 'Reconnect#Relogin#WS', 'Reconnect#Relogin#WS', 'AutoReconnect']);
    expect(errors[4][0].message).toBe('could not reconnect after 3 attempts (last cause: Error on WS connection: Invalid URL: wss://bad host/ws_api/account/123456/messaging/brand/***?v=2.1)');
    expect(reconnecting.map((e) => e.attempt)).toEqual([1, 2, 3]);
    // Each login made a new bearer; none of them may show.
    const bearers = [...suite.lp.tokens];
    expect(bearers.length).toBe(4);
    for (const bearer of bearers) {
      expect(seen(errors)).not.toContain(bearer);
      expect(seen(reconnecting)).not.toContain(bearer);
    }
    expect(suite.lp.upgrades).toEqual([]);
  });
});

describe('secrets never show', () => {
  const suite = fakeLPSuite();

  it('util.inspect(agent) hides the conf credentials, the bearer, the csrf and a proxy password', async () => {
    const conf = suite.lp.config({ refreshSessionToken: false, password: 'pa55word', headers: { Authorization: 'Bearer h3ader' } });
    const agent = new Agent(conf);
    suite.agents.track(agent);
    await nextEvent(agent, 'connected');
    expect(agent.getBearerToken()).toBe(BEARER);
    const text = inspect(agent, { depth: 10 });
    for (const secret of ['pa55word', BEARER, CSRF, 'h3ader']) expect(text).not.toContain(secret);
    expect(text).toMatch(/^Agent \{/);
    expect(text).toContain("password: '***'");
    expect(text).toContain(`accountId: '${ACCOUNT}'`);
    expect(agent.conf.password).toBe('pa55word');

    const oauth = new Agent({ accountId: ACCOUNT, username: 'u', appKey: 'k', secret: 'oauth-s3cret', accessToken: 'acc3ss', accessTokenSecret: 'acc3ss-s3cret', proxy: 'http://me:pr0xy-pass@127.0.0.1:1', csdsDomain: suite.lp.host });
    suite.agents.track(oauth);
    oauth.on('error', () => undefined);
    const oauthText = inspect(oauth, { depth: 10 });
    for (const secret of ['oauth-s3cret', 'acc3ss', 'pr0xy-pass']) expect(oauthText).not.toContain(secret);
    expect(oauthText).toContain('http://me:***@127.0.0.1:1');
  });

  it('an unparsable proxy in HTTPS_PROXY is refused without showing it', () => {
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = 'me:pr0xy-pass@@';
    try {
      let thrown: any;
      try {
        new Agent(suite.lp.config());
      } catch (err) {
        thrown = err;
      }
      expect(thrown.message).toBe('invalid option proxy (from HTTPS_PROXY): expected a URL such as http://host:port (value not shown, it may hold a password)');
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });
});

describe('a listener that throws in a lifecycle event', () => {
  const suite = fakeLPSuite();

  function listenerErrors(agent: Agent): any[] {
    const errors: any[] = [];
    agent.on('error', (err, context) => errors.push([err.message, context?.location]));
    return errors;
  }

  it('in success: an error at Listener, and the agent still connects', async () => {
    const agent = new Agent(suite.lp.config({ refreshSessionToken: false }));
    suite.agents.track(agent);
    const errors = listenerErrors(agent);
    agent.on('success', ({ location }) => {
      throw new Error(`bot failed on ${location}`);
    });
    await nextEvent(agent, 'connected');
    expect(errors).toEqual([
      ['bot failed on Connect#CSDS', 'Listener'],
      ['bot failed on Connect#Login', 'Listener'],
    ]);
  });

  it('in connected: an error at Listener, and the socket works', async () => {
    const agent = new Agent(suite.lp.config({ refreshSessionToken: false }));
    suite.agents.track(agent);
    const errors = listenerErrors(agent);
    agent.once('connected', () => {
      throw new Error('bot failed on connected');
    });
    const failed = nextEvent(agent, 'error');
    await failed;
    expect(errors).toEqual([['bot failed on connected', 'Listener']]);
    expect(agent.connected).toBe(true);
    expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
  });

  it('in closed, reconnecting and reconnected: errors at Listener, and the reconnect and the restore still happen', async () => {
    const agent = new Agent(suite.lp.config({ refreshSessionToken: false, autoReconnect: FAST_RETRY }));
    suite.agents.track(agent);
    const errors = listenerErrors(agent);
    await nextEvent(agent, 'connected');
    await agent.promises.setAgentState({ availability: 'ONLINE' });
    // Registered first: listeners after one that throws are not called, as with Node's emitter.
    const reconnected = nextEvent(agent, 'reconnected');
    for (const event of ['closed', 'reconnecting', 'reconnected'] as const) {
      agent.on(event, () => {
        throw new Error(`bot failed on ${event}`);
      });
    }
    suite.lp.socket.close(4000);
    await reconnected;
    await until(() => suite.lp.frames.length === 2); // the replayed agent state
    expect(suite.lp.frames[1].type).toBe('.ams.routing.SetAgentState');
    expect(errors).toEqual([
      ['bot failed on closed', 'Listener'],
      ['bot failed on reconnecting', 'Listener'],
      ['bot failed on reconnected', 'Listener'],
    ]);
  });
});

describe('the server does not choose our event names', () => {
  const suite = fakeLPSuite();

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('a response of type %s answers its request with its body', async (type) => {
    const { agent } = await suite.connected();
    const errors: any[] = [];
    agent.on('error', (err) => errors.push(err));
    suite.lp.responder = () => ({ type, body: { currentTime: 5 } });
    const answer = await new Promise<any[]>((resolve) => agent.getClock({}, (...args: any[]) => resolve(args)));
    expect(answer).toEqual([null, { currentTime: 5 }]);
    expect(errors).toEqual([]);
  });

  it.each(['constructor', 'toString', 'valueOf'])('a notification of type %s is emitted as it came, not treated as a rewrite', async (type) => {
    const { agent } = await suite.connected();
    const errors: any[] = [];
    const notifications: any[] = [];
    agent.on('error', (err) => errors.push(err));
    agent.on('notification', (msg) => notifications.push(msg));
    suite.lp.notify(type, { a: 1 });
    await sync(suite.lp, agent);
    expect(notifications[0]).toEqual({ kind: 'notification', type, body: { a: 1 } });
    expect(errors).toEqual([]);
  });

  const SDK_EVENTS = ['error', 'connected', 'closed', 'reconnecting', 'reconnected', 'success', 'notification', 'message:sent', 'warn'] as const;

  it.each(SDK_EVENTS)('a notification of type %s goes to `notification` only', async (type) => {
    const { agent } = await suite.connected();
    const calls: any[] = [];
    for (const name of SDK_EVENTS) agent.on(name, (...args: any[]) => calls.push([name, ...args]));
    suite.lp.notify(type, { forged: true });
    await sync(suite.lp, agent);
    expect(calls.filter(([, msg]) => !String(msg?.type).startsWith('test.sync.'))).toEqual([['notification', { kind: 'notification', type, body: { forged: true } }]]);
  });

  it.each(SDK_EVENTS)('a response of type %s only answers its callback', async (type) => {
    const { agent } = await suite.connected();
    const calls: any[] = [];
    for (const name of SDK_EVENTS) if (name !== 'message:sent') agent.on(name, (...args: any[]) => calls.push([name, ...args]));
    suite.lp.responder = () => ({ type, body: { forged: true } });
    const answer = await new Promise<any[]>((resolve) => agent.getClock({}, (...args: any[]) => resolve(args)));
    expect(answer).toEqual([null, { forged: true }]);
    await pause(10);
    expect(calls).toEqual([]);
  });
});
