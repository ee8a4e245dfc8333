import type { Duplex } from 'stream';
import { types } from 'util';
import { Agent, SDKError } from 'node-agent-sdk';
import { ACCOUNT, type FakeLP, USER_ID, USER_PID } from '../helpers/fake-lp';
import { EventLog, describeError, recordingCallback } from '../helpers/events';
import { fakeLPSuite } from '../helpers/suite';

/**
 * Every step of connect can fail; each failure must reach both the `error` event (with the
 * step's location) and the connect callback, as the same SDKError.
 */

const suite = fakeLPSuite();
const { agents } = suite;
let lp: FakeLP;
const heldSockets: Duplex[] = [];

beforeEach(() => {
  lp = suite.lp;
});
afterEach(() => {
  for (const socket of heldSockets.splice(0)) socket.destroy();
});

/** Creates an agent, joins its first connect with a callback and records its lifecycle. */
function start(conf: any = lp.config()) {
  const agent = agents.track(new Agent(conf));
  const log = new EventLog(agent);
  const connect = recordingCallback();
  agent.connect(connect);
  return { agent, log, connect };
}

/** Waits for the connect callback and checks it got exactly the error of the `error` event. */
async function failure(run: ReturnType<typeof start>, location: string) {
  const [err] = await run.connect.settled;
  expect(err).toBeInstanceOf(SDKError);
  const errors = run.log.of('error');
  expect(errors).toEqual([[err, { location }]]);
  return err;
}

/** A token configuration FakeLP does not accept at the upgrade (it answers HTTP 401). */
function expiredToken(): any {
  return { accountId: ACCOUNT, token: 'expired', userId: USER_ID, csdsDomain: lp.host, ca: lp.ca };
}

/** Answers every websocket upgrade with `handler` instead of FakeLP's own. */
function replaceUpgrade(handler: (socket: Duplex) => void): void {
  lp.server.removeAllListeners('upgrade');
  lp.server.on('upgrade', (req, socket: Duplex) => {
    lp.upgrades.push(req.url ?? '');
    handler(socket);
  });
}

describe('CSDS failures (location Connect#CSDS, service domainNames)', () => {
  it('HTTP 500 → "Error on CSDS request: Internal Server Error", code 500', async () => {
    lp.routes.csds = () => ({ status: 500, statusText: 'Internal Server Error', body: { error: 'down' } });
    const run = start();
    const err = await failure(run, 'Connect#CSDS');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on CSDS request: Internal Server Error', code: 500, service: 'domainNames' });
    expect(err.error).toBeNull();
    expect(run.log.lines).toEqual(['error Connect#CSDS: Error on CSDS request: Internal Server Error']);
    expect(lp.requestsTo('login')).toEqual([]);
    expect(lp.upgrades).toEqual([]);
    expect(run.agent.connected).toBeUndefined(); // no socket was ever made, as in the original
  });

  it('a dropped connection → "Error on CSDS request: socket hang up", code null', async () => {
    lp.routes.csds = () => ({ destroy: true });
    const run = start();
    const err = await failure(run, 'Connect#CSDS');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on CSDS request: socket hang up', code: null, service: 'domainNames' });
    // Node's own error, as the original's `request` passed it (jest's realm makes toBeInstanceOf(Error) fail).
    expect(types.isNativeError(err.error)).toBe(true);
    expect(err.error.message).toBe('socket hang up');
    expect(err.error.code).toBe('ECONNRESET');
    expect(lp.requestsTo('login')).toEqual([]);
  });

  it('no HTTP answer within httpTimeout → "Error on CSDS request: timed out after 50 ms"', async () => {
    lp.routes.csds = () => ({ hang: true });
    const run = start(lp.config({ httpTimeout: 50 }));
    const err = await failure(run, 'Connect#CSDS');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on CSDS request: timed out after 50 ms', code: null, service: 'domainNames' });
  });

  // No service at all is what CSDS answers for an unknown account: the message says so.
  const unknownAccount = () => `could not fetch domains: CSDS (${lp.config().csdsDomain}) lists no services for account ${ACCOUNT}; is the account id right?`;
  it.each([
    ['an empty baseURIs list', { baseURIs: [] }, unknownAccount],
    ['no baseURIs at all', {}, unknownAccount],
    ['no agentVep among the services', { baseURIs: [{ account: ACCOUNT, service: 'facadeMsg', baseURI: 'x' }] }, () => 'could not fetch domains'],
    ['a non-JSON answer', 'not json', unknownAccount],
  ])('%s → success Connect#CSDS, then "could not fetch domains" at Connect#Login', async (_what, body, expected) => {
    lp.routes.csds = () => ({ body });
    const run = start();
    const err = await failure(run, 'Connect#Login');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: expected(), code: null, service: 'domainNames' });
    expect(run.log.lines).toEqual(['success Connect#CSDS', `error Connect#Login: ${expected()}`]);
    expect(lp.requestsTo('login')).toEqual([]);
  });
});

describe('login failures (location Connect#Login, service authentication.login)', () => {
  it('HTTP 401 with an error body → the status wins: "Error on AgentVEP login: Unauthorized", code 401', async () => {
    lp.routes.login = () => ({ status: 401, statusText: 'Unauthorized', body: { error: { message: 'bad credentials', internalCode: 10 } } });
    const run = start();
    const err = await failure(run, 'Connect#Login');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on AgentVEP login: Unauthorized', code: 401, service: 'authentication.login' });
    expect(run.log.lines).toEqual(['success Connect#CSDS', 'error Connect#Login: Error on AgentVEP login: Unauthorized']);
    expect(lp.upgrades).toEqual([]);
    expect(run.agent.agentId).toBeUndefined();
    expect(run.agent.token).toBeUndefined();
  });

  it('HTTP 500 with a string error → "Error on AgentVEP login: Internal Server Error", code 500', async () => {
    lp.routes.login = () => ({ status: 500, statusText: 'Internal Server Error', body: { error: 'LeLogin1 failed - invalid url received from app server' } });
    const err = await failure(start(), 'Connect#Login');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on AgentVEP login: Internal Server Error', code: 500, service: 'authentication.login' });
  });

  it('HTTP 200 with {error} → the JSON of the error, code = internalCode', async () => {
    const error = { time: 'Sep 22, 2016 4:10:15 PM', message: 'Login failed', internalCode: 10, responseStatus: 'UNAUTHORIZED' };
    lp.routes.login = () => ({ body: { error } });
    const err = await failure(start(), 'Connect#Login');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: `Error on AgentVEP login: ${JSON.stringify(error)}`, code: 10, service: 'authentication.login' });
  });

  it('HTTP 200 with an error without internalCode → code undefined (error.internalCode as it is)', async () => {
    lp.routes.login = () => ({ body: { error: 'nope' } });
    const err = await failure(start(), 'Connect#Login');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on AgentVEP login: "nope"', code: undefined, service: 'authentication.login' });
    expect('code' in err).toBe(true);
  });

  it('a dropped connection → "Error on AgentVEP login: socket hang up", code null', async () => {
    lp.routes.login = () => ({ destroy: true });
    const err = await failure(start(), 'Connect#Login');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on AgentVEP login: socket hang up', code: null, service: 'authentication.login' });
  });

  it('no answer within httpTimeout → "Error on AgentVEP login: timed out after 50 ms"', async () => {
    lp.routes.login = () => ({ hang: true });
    const err = await failure(start(lp.config({ httpTimeout: 50 })), 'Connect#Login');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on AgentVEP login: timed out after 50 ms', code: null, service: 'authentication.login' });
  });

  it('an answer without config.userId → "invalid login state, userId is undefined"', async () => {
    lp.routes.login = () => ({ body: { csrf: 'c', bearer: 'bearer-1', config: { userPid: USER_PID } } });
    const run = start();
    const err = await failure(run, 'Connect#Login');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'invalid login state, userId is undefined', code: null, service: 'authentication.login' });
    expect(lp.upgrades).toEqual([]);
  });

  it('an empty answer → "invalid login state, userId is undefined"', async () => {
    lp.routes.login = () => ({ status: 200 });
    const err = await failure(start(), 'Connect#Login');
    expect(err.message).toBe('invalid login state, userId is undefined');
  });

  it('an answer without bearer → "could not generate token"', async () => {
    lp.routes.login = () => ({ body: { csrf: 'c', config: { userId: USER_ID, userPid: USER_PID } } });
    const run = start(lp.config({ refreshSessionToken: false }));
    const err = await failure(run, 'Connect#Login');
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'could not generate token', code: null, service: 'authentication.login' });
    expect(run.log.lines).toEqual(['success Connect#CSDS', 'error Connect#Login: could not generate token']);
    expect(lp.upgrades).toEqual([]);
  });
});

describe('socket failures (error without context, then closed; the connect callback already got null)', () => {
  it('upgrade answered 401 → "Error on WS connection: Unexpected server response: 401", code 401, then closed 1006', async () => {
    const run = start(expiredToken());
    expect(await run.connect.settled).toEqual([null]);
    await run.log.waitFor('closed');
    expect(run.log.lines).toEqual([
      'success Connect#CSDS',
      'success Connect#Login',
      'error: Error on WS connection: Unexpected server response: 401',
      'closed 1006',
    ]);
    const errorArgs = run.log.of('error')[0];
    expect(errorArgs).toHaveLength(1);
    expect(describeError(errorArgs[0])).toEqual({
      type: 'SDKError',
      message: 'Error on WS connection: Unexpected server response: 401',
      code: 401,
      service: 'messaging',
    });
    expect(errorArgs[0].error).toBeInstanceOf(Error);
    expect(run.agent.connected).toBe(false);
    expect(lp.upgrades).toHaveLength(1);
  });

  it('upgrade answered 503 → code null', async () => {
    replaceUpgrade((socket) => socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'));
    const run = start();
    await run.log.waitFor('closed');
    expect(run.log.lines).toEqual([
      'success Connect#CSDS',
      'success Connect#Login',
      'error: Error on WS connection: Unexpected server response: 503',
      'closed 1006',
    ]);
    expect(describeError(run.log.of('error')[0][0])).toEqual({
      type: 'SDKError',
      message: 'Error on WS connection: Unexpected server response: 503',
      code: null,
      service: 'messaging',
    });
  });

  it('no upgrade answer within handshakeTimeout → "Error on WS connection: Opening handshake has timed out", then closed 1006', async () => {
    replaceUpgrade((socket) => heldSockets.push(socket));
    const run = start(lp.config({ handshakeTimeout: 50 }));
    await run.log.waitFor('closed');
    expect(run.log.lines).toEqual([
      'success Connect#CSDS',
      'success Connect#Login',
      'error: Error on WS connection: Opening handshake has timed out',
      'closed 1006',
    ]);
    expect(describeError(run.log.of('error')[0][0])).toMatchObject({ type: 'SDKError', code: null, service: 'messaging' });
    expect(run.agent.connected).toBe(false);
  });

  it('a request while the socket is not open → "socket not connected" to its callback, nothing thrown', async () => {
    const run = start(expiredToken());
    await run.log.waitFor('closed');
    const request = recordingCallback();
    expect(run.agent.getClock({}, request)).toBeUndefined();
    expect(() => run.agent.getClock({})).not.toThrow();
    expect(request.calls).toHaveLength(1);
    expect(describeError(request.calls[0][0])).toEqual({ type: 'NotConnectedError', message: 'socket not connected', code: null, service: 'messaging' });
  });
});
