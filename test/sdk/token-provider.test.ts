import { Agent } from 'node-agent-sdk';
import { ACCOUNT, BEARER, USER_ID } from '../helpers/fake-lp';
import { EventLog, RECONNECT_LIFECYCLE, nextEvent, pause } from '../helpers/events';
import { FAST_RETRY } from '../helpers/resilience';
import { until } from '../helpers/wait';
import { fakeLPSuite } from '../helpers/suite';

const wsPath = (token: string) => `/ws_api/account/${ACCOUNT}/messaging/brand/${token}?v=2.1`;
/** Longer than every wait of FAST_RETRY together: what has not happened by then would not happen. */
const SETTLE = 300;

describe('tokenProvider', () => {
  const suite = fakeLPSuite();

  /** A provider handing out `minted-1`, `minted-2`, … (each valid on the server), with the given userId. */
  function mint(userId: string | null = '4242') {
    const calls: string[] = [];
    const provider = jest.fn(async () => {
      const token = `minted-${calls.length + 1}`;
      calls.push(token);
      suite.lp.tokens.add(token);
      return userId === null ? { token } : { token, userId };
    });
    return { provider, calls };
  }

  function tokenAgent(extra: Record<string, unknown>) {
    const agent = new Agent(suite.lp.config({ username: undefined, password: undefined, ...extra }));
    suite.agents.track(agent);
    return { agent, log: new EventLog(agent, RECONNECT_LIFECYCLE) };
  }

  it('is asked for the token at connect when there is none; its userId makes the agent id', async () => {
    const { provider } = mint();
    const { agent } = tokenAgent({ tokenProvider: provider });
    await nextEvent(agent, 'connected');
    expect(provider).toHaveBeenCalledTimes(1);
    expect(suite.lp.upgrades).toEqual([wsPath('minted-1')]);
    expect(suite.lp.requestsTo('login')).toEqual([]);
    expect(agent.userId).toBe('4242');
    expect(agent.__oldAgentId).toBe(`${ACCOUNT}.4242`);
    expect(agent.getBearerToken()).toBeUndefined();
  });

  it('is not asked while the conf token works, and is asked after a 4401: the agent reconnects with the new token', async () => {
    const { provider } = mint(null);
    const { agent, log } = tokenAgent({ token: BEARER, userId: USER_ID, tokenProvider: provider, autoReconnect: FAST_RETRY });
    await nextEvent(agent, 'connected');
    expect(provider).not.toHaveBeenCalled();
    const reconnected = nextEvent(agent, 'reconnected');
    suite.lp.socket.close(4401);
    expect(await reconnected).toEqual({ attempts: 1 });
    expect(provider).toHaveBeenCalledTimes(1);
    expect(suite.lp.upgrades).toEqual([wsPath(BEARER), wsPath('minted-1')]);
    expect(agent.__oldAgentId).toBe(`${ACCOUNT}.${USER_ID}`);
    expect(log.reducedOf('error')).toEqual([]);
  });

  it('is asked by reconnect() (a new token is wanted), not by reconnect(true)', async () => {
    const { provider } = mint();
    const { agent } = tokenAgent({ token: BEARER, userId: USER_ID, tokenProvider: provider });
    await nextEvent(agent, 'connected');
    const again = nextEvent(agent, 'connected');
    agent.reconnect(true);
    await again;
    expect(provider).not.toHaveBeenCalled();
    const fresh = nextEvent(agent, 'connected');
    agent.reconnect();
    await fresh;
    expect(provider).toHaveBeenCalledTimes(1);
    expect(suite.lp.upgrades).toEqual([wsPath(BEARER), wsPath(BEARER), wsPath('minted-1')]);
  });

  it.each([
    ['rejects', () => Promise.reject(new Error('vault sealed')), 'tokenProvider failed: vault sealed'],
    ['returns no token', () => Promise.resolve({ userId: '1' }), 'tokenProvider did not return a {token} with a non-empty string token'],
    ['returns nothing', () => Promise.resolve(undefined), 'tokenProvider did not return a {token} with a non-empty string token'],
    ['throws synchronously', () => {
      throw new Error('no vault');
    }, 'tokenProvider failed: no vault'],
  ])('that %s gives an error at Connect#Login to the event and the callback', async (_what, tokenProvider, message) => {
    const { agent, log } = tokenAgent({ tokenProvider });
    const answer = await new Promise<any>((resolve) => agent.connect((err: any) => resolve(err)));
    expect(answer.message).toBe(message);
    expect(answer.service).toBe('authentication.login');
    expect(log.reduced).toEqual([
      ['success', 'Connect#CSDS'],
      ['error', { type: 'SDKError', message, code: null, service: 'authentication.login', location: 'Connect#Login' }],
    ]);
  });

  it('without a userId from the provider or the conf, connect fails as a login without userId does', async () => {
    const { provider } = mint(null);
    const { agent } = tokenAgent({ tokenProvider: provider });
    const err = await agent.promises.connect().catch((e) => e);
    expect(err.message).toBe('invalid login state, userId is undefined');
  });
});

describe('token auth without a tokenProvider: a refused token stops auto-reconnect at once', () => {
  const suite = fakeLPSuite();
  const REFUSED = 'the token was refused (expired or invalid) and no tokenProvider is set: not reconnecting';

  function tokenAgent(token: string) {
    const agent = new Agent(suite.lp.config({ username: undefined, password: undefined, token, userId: USER_ID, autoReconnect: FAST_RETRY, refreshSessionToken: false }));
    suite.agents.track(agent);
    return { agent, log: new EventLog(agent, RECONNECT_LIFECYCLE) };
  }

  it.each([4401, 4407, 1011, 1008])('after close %i: an error at AutoReconnect, no attempt', async (code) => {
    const { agent, log } = tokenAgent(BEARER);
    await nextEvent(agent, 'connected');
    const gaveUp = nextEvent(agent, 'error');
    suite.lp.socket.close(code);
    await gaveUp;
    await pause(SETTLE);
    expect(log.reduced.slice(2)).toEqual([
      ['connected', { connected: true, ts: 'number' }],
      ['closed', code],
      ['error', { type: 'SDKError', message: REFUSED, code, service: 'authentication.login', location: 'AutoReconnect' }],
    ]);
    expect(suite.lp.upgrades).toHaveLength(1);
  });

  it('after a 401 at the upgrade: the 401 error, closed, then the AutoReconnect error; no retry of the dead token', async () => {
    const { log } = tokenAgent('dead-token');
    await until(() => log.reducedOf('error').length === 2); // the two errors
    await pause(SETTLE);
    expect(log.reduced).toEqual([
      ['success', 'Connect#CSDS'],
      ['success', 'Connect#Login'],
      ['error', { type: 'SDKError', message: 'Error on WS connection: Unexpected server response: 401', code: 401, service: 'messaging', location: undefined }],
      ['closed', 1006],
      ['error', { type: 'SDKError', message: REFUSED, code: 401, service: 'authentication.login', location: 'AutoReconnect' }],
    ]);
    expect(suite.lp.upgrades).toHaveLength(1);
  });

  it('other closes are still retried with the same token', async () => {
    const { agent } = tokenAgent(BEARER);
    await nextEvent(agent, 'connected');
    const reconnected = nextEvent(agent, 'reconnected');
    suite.lp.socket.close(1001);
    await reconnected;
    expect(suite.lp.upgrades).toEqual([wsPath(BEARER), wsPath(BEARER)]);
  });
});

describe('autoReconnect: { maxAttempts: Infinity }', () => {
  const suite = fakeLPSuite();

  it('keeps trying past the default 35 attempts until the service is back', async () => {
    let failures = 40;
    const csds = suite.lp.routes.csds;
    suite.lp.routes.csds = (req) => (failures-- > 0 ? { status: 503, statusText: 'Service Unavailable' } : csds(req));
    const agent = new Agent(suite.lp.config({ refreshSessionToken: false, autoReconnect: { maxAttempts: Infinity, initialDelay: 1, maxDelay: 2, jitter: 0 } }));
    suite.agents.track(agent);
    const errors: string[] = [];
    agent.on('error', (_err, context) => errors.push(context?.location as string));
    expect(await nextEvent(agent, 'reconnected')).toEqual({ attempts: 40 });
    // Without a socket yet, each attempt is a whole connect.
    expect(errors).toEqual(Array(40).fill('Connect#CSDS'));
  });
});
