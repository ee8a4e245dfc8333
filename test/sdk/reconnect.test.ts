import { Agent } from 'node-agent-sdk';
import { ACCOUNT, BEARER } from '../helpers/fake-lp';
import { fakeLPSuite } from '../helpers/suite';
import { EventLog, describeError, serverClosed, slowRoute, recordingCallback } from '../helpers/events';

const wsPath = (token: string) => `/ws_api/account/${ACCOUNT}/messaging/brand/${token}?v=2.1`;
const TIMED_OUT = { type: 'RequestTimeoutError', message: 'Request has timed out', code: null, service: 'messaging' };

const suite = fakeLPSuite();
const { agents, connected } = suite;

/** Sends getClock, which the server will not answer; resolves when the server has it. */
async function unansweredRequest(agent: Agent) {
  suite.lp.responder = undefined;
  const request = recordingCallback();
  const frame = suite.lp.nextFrame();
  agent.getClock({}, request);
  await frame;
  return request;
}

describe('reconnect(true): same token, new socket', () => {
  it('opens a new socket with the same bearer, fails the pending requests, the old socket reports closed 1006 once', async () => {
    const { agent, log } = await connected();
    const oldSocket = suite.lp.socket;
    const request = await unansweredRequest(agent);
    const answeredBeforeClosed: number[] = [];
    agent.on('closed', () => answeredBeforeClosed.push(request.calls.length));

    agent.reconnect(true);
    // Answered on the next tick, as the original answered them on the old socket's close.
    expect(request.calls).toHaveLength(0);
    expect(agent.connected).toBe(false);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(request.calls).toHaveLength(1);
    expect(describeError(request.calls[0][0])).toEqual(TIMED_OUT);

    await log.waitFor('connected');
    await serverClosed(oldSocket);
    // As the original: the cut socket's close, after its requests were answered, before the new open.
    expect(log.lines).toEqual(['closed 1006', 'connected']);
    expect(answeredBeforeClosed).toEqual([1]);
    expect(suite.lp.upgrades).toEqual([wsPath(BEARER), wsPath(BEARER)]);
    expect(suite.lp.requestsTo('csds')).toHaveLength(1);
    expect(suite.lp.requestsTo('login')).toHaveLength(1);
    expect(agent.connected).toBe(true);

    suite.lp.responder = () => ({ body: { currentTime: 5 } });
    expect(await agent.promises.getClock()).toEqual({ currentTime: 5 });
    expect(request.calls).toHaveLength(1);
  });

  it('after the server closed the socket, reopens it the same way', async () => {
    const { agent, log } = await connected();
    suite.lp.socket.close(1001);
    await log.waitFor('closed');
    agent.reconnect(true);
    await log.waitFor('connected');
    expect(log.lines).toEqual(['closed 1001', 'connected']);
    expect(suite.lp.upgrades).toEqual([wsPath(BEARER), wsPath(BEARER)]);
  });
});

describe('reconnect(): CSDS, new login, new socket', () => {
  it('reports Reconnect#CSDS and Reconnect#Relogin#WS, logs in again and connects with the new bearer', async () => {
    const { agent, log } = await connected();
    const oldSocket = suite.lp.socket;
    const request = await unansweredRequest(agent);

    agent.reconnect();
    await log.waitFor('connected');
    await serverClosed(oldSocket);
    expect(log.lines).toEqual(['success Reconnect#CSDS', 'success Reconnect#Relogin#WS', 'closed 1006', 'connected']);
    expect(suite.lp.requestsTo('login')).toHaveLength(2);
    expect(suite.lp.upgrades).toEqual([wsPath(BEARER), wsPath(`${BEARER}-2`)]);
    expect(agent.token).toBe(`${BEARER}-2`);
    expect(request.calls).toHaveLength(1);
    expect(describeError(request.calls[0][0])).toEqual(TIMED_OUT);
  });

  it('asks CSDS again when the cache has expired', async () => {
    const { agent, log } = await connected();
    const realNow = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_001);
    agent.reconnect();
    await log.waitFor('connected');
    expect(suite.lp.requestsTo('csds')).toHaveLength(2);
    expect(log.lines).toEqual(['success Reconnect#CSDS', 'success Reconnect#Relogin#WS', 'closed 1006', 'connected']);
  });

  it('a CSDS failure → error at Reconnect#CSDS; no login, no new socket, the open one is kept', async () => {
    const { agent, log } = await connected();
    const realNow = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_001);
    suite.lp.routes.csds = () => ({ status: 500, statusText: 'Internal Server Error' });
    agent.reconnect();
    const [err, context] = await log.waitFor('error');
    expect(context).toEqual({ location: 'Reconnect#CSDS' });
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on CSDS request: Internal Server Error', code: 500, service: 'domainNames' });
    expect(log.lines).toEqual(['error Reconnect#CSDS: Error on CSDS request: Internal Server Error']);
    expect(suite.lp.requestsTo('login')).toHaveLength(1);
    expect(suite.lp.upgrades).toHaveLength(1);
    expect(agent.connected).toBe(true);
  });

  it('an empty baseURIs list → success Reconnect#CSDS, then "could not fetch domains" at Reconnect#Relogin#WS', async () => {
    const { agent, log } = await connected();
    const realNow = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_001);
    suite.lp.routes.csds = () => ({ body: { baseURIs: [] } });
    agent.reconnect();
    const [err, context] = await log.waitFor('error');
    expect(context).toEqual({ location: 'Reconnect#Relogin#WS' });
    const unknownAccount = `could not fetch domains: CSDS (${suite.lp.config().csdsDomain}) lists no services for account ${ACCOUNT}; is the account id right?`;
    expect(describeError(err)).toEqual({ type: 'SDKError', message: unknownAccount, code: null, service: 'domainNames' });
    expect(log.lines).toEqual(['success Reconnect#CSDS', `error Reconnect#Relogin#WS: ${unknownAccount}`]);
    expect(suite.lp.requestsTo('login')).toHaveLength(1);
  });

  it('an answer without baseURIs → "could not fetch domains on reconnect" at Reconnect#CSDS, no login', async () => {
    const { agent, log } = await connected();
    const realNow = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_001);
    suite.lp.routes.csds = () => ({ body: {} });
    agent.reconnect();
    const [err, context] = await log.waitFor('error');
    expect(context).toEqual({ location: 'Reconnect#CSDS' });
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'could not fetch domains on reconnect', code: null, service: 'domainNames' });
    expect(log.lines).toEqual(['error Reconnect#CSDS: could not fetch domains on reconnect']);
    expect(suite.lp.requestsTo('login')).toHaveLength(1);
  });

  it('a login failure → error at Reconnect#Relogin#WS', async () => {
    const { agent, log } = await connected();
    suite.lp.routes.login = () => ({ status: 401, statusText: 'Unauthorized' });
    agent.reconnect();
    const [err, context] = await log.waitFor('error');
    expect(context).toEqual({ location: 'Reconnect#Relogin#WS' });
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on AgentVEP login: Unauthorized', code: 401, service: 'authentication.login' });
    expect(log.lines).toEqual(['success Reconnect#CSDS', 'error Reconnect#Relogin#WS: Error on AgentVEP login: Unauthorized']);
  });

  it('stops the periodic refresh and starts it again after the new login: still one schedule', async () => {
    const { route, stats } = slowRoute(60, { status: 200 });
    suite.lp.routes.refresh = route;
    const agent = new Agent(suite.lp.config({ refreshSessionInterval: 20 }));
    agents.track(agent);
    const log = new EventLog(agent);
    await log.waitFor('connected');
    agent.reconnect();
    await log.waitFor('connected', 2);
    const REST = 'success RefreshSession#REST';
    // A refresh already in flight when reconnect() was called may still overlap the first one of
    // the new schedule (the original behaves the same); let two finish, then watch the schedule.
    const settled = log.count(REST) + 2;
    await log.until((l) => l.count(REST) === settled);
    expect(stats.inFlight).toBe(0);
    stats.maxInFlight = 0;
    const sent = suite.lp.requestsTo('refresh').length;
    await log.until((l) => l.count(REST) === settled + 3);
    // Chained: each refresh ended before the next began, and the next is not due yet.
    expect(stats.maxInFlight).toBe(1);
    expect(suite.lp.requestsTo('refresh')).toHaveLength(sent + 3);
    expect(suite.lp.requestsTo('login')).toHaveLength(2);
    expect(log.lines.filter((l) => l.includes('Reconnect'))).toEqual(['success Reconnect#CSDS', 'success Reconnect#Relogin#WS']);
  });
});

describe('the server closes the socket', () => {
  it('with 4401: one closed 4401 event, pending requests failed, connected false', async () => {
    const { agent, log } = await connected();
    const request = await unansweredRequest(agent);
    suite.lp.socket.close(4401, 'token expired');
    const [code] = await log.waitFor('closed');
    expect(code).toBe(4401);
    expect(agent.connected).toBe(false);
    expect(request.calls).toHaveLength(1);
    expect(describeError(request.calls[0][0])).toEqual(TIMED_OUT);
    expect(agent.pendingRequestCount).toBe(0);

    // Connecting again afterwards works, and the old socket has said all it had to say.
    const again = recordingCallback();
    agent.connect(again);
    await log.waitFor('connected');
    expect(again.calls).toEqual([[null]]);
    expect(log.lines).toEqual(['closed 4401', 'success Connect#CSDS', 'success Connect#Login', 'connected']);
  });

  it('a request after the close → "socket not connected"', async () => {
    const { agent, log } = await connected();
    suite.lp.socket.close(1000);
    await log.waitFor('closed');
    await expect(agent.promises.getClock()).rejects.toMatchObject({ message: 'socket not connected', code: null, service: 'messaging' });
  });
});
