import { Agent } from 'node-agent-sdk';
import { version } from '../../package.json';
import { ACCOUNT, BEARER, CSRF, USER_ID, USER_PID, type RecordedHttp } from '../helpers/fake-lp';
import { fakeLPSuite } from '../helpers/suite';
import { EventLog, describeError, pause, recordingCallback, serverClosed, slowRoute } from '../helpers/events';
import { until } from '../helpers/wait';

const REFRESH_PATH = `/api/account/${ACCOUNT}/refresh?v=1.3`;
const PRECHECK_MESSAGE = 'CSRF and JAR are not defined for this agent. Please reconnect with bearer token.';

const suite = fakeLPSuite();
const { agents, connected } = suite;

describe('refreshSession(cb)', () => {
  it('fails the precheck without csrf (token auth): error at RefreshSession#Precheck, callback gets it, no HTTP call', async () => {
    const agent = new Agent({ accountId: ACCOUNT, token: BEARER, userId: USER_ID, csdsDomain: suite.lp.host, ca: suite.lp.ca });
    agents.track(agent);
    await new EventLog(agent).waitFor('connected');
    const log = new EventLog(agent);
    const done = recordingCallback();
    agent.refreshSession(done);
    expect(done.calls).toHaveLength(1);
    const [err] = done.calls[0];
    expect(describeError(err)).toEqual({ type: 'SDKError', message: PRECHECK_MESSAGE, code: null, service: 'authentication.login' });
    expect(log.entries).toEqual([{ name: 'error', args: [err, { location: 'RefreshSession#Precheck' }] }]);
    expect(suite.lp.requestsTo('refresh')).toEqual([]);
    expect(suite.lp.http).toHaveLength(1);
  });

  it('POSTs {csrf} to /refresh?v=1.3 with the login cookies and the User-Agent; success at each step; callback null', async () => {
    const { agent, log } = await connected();
    const done = recordingCallback();
    agent.refreshSession(done);
    expect(await done.settled).toEqual([null]);
    expect(log.lines).toEqual(['success RefreshSession#Precheck', 'success RefreshSession#CSDS', 'success RefreshSession#REST']);
    const calls = suite.lp.requestsTo('refresh');
    expect(calls).toHaveLength(1);
    const call: RecordedHttp = calls[0];
    expect(call.method).toBe('POST');
    expect(call.path).toBe(REFRESH_PATH);
    expect(call.body).toEqual({ csrf: CSRF });
    expect(call.headers.cookie).toBe('Session_id=s1; other=o1');
    expect(call.headers['user-agent']).toBe(`NodeAgentSDK/${version}`);
    expect(call.headers['content-type']).toBe('application/json');
    // The domains came from the 60 s cache; the socket was left alone.
    expect(suite.lp.requestsTo('csds')).toHaveLength(1);
    expect(suite.lp.upgrades).toHaveLength(1);
    expect(agent.connected).toBe(true);
  });

  it('keeps cookies the refresh answer sets for the next refresh', async () => {
    suite.lp.routes.refresh = () => ({ status: 200, headers: { 'Set-Cookie': 'Session_id=s2; Path=/' } });
    const { agent } = await connected();
    await agent.promises.refreshSession();
    await agent.promises.refreshSession();
    expect(suite.lp.requestsTo('refresh').map((r) => r.headers.cookie)).toEqual(['Session_id=s1; other=o1', 'Session_id=s2; other=o1']);
  });

  it('HTTP 500 → "Error on AgentVEP RefreshSession: Internal Server Error" at RefreshSession#REST', async () => {
    suite.lp.routes.refresh = () => ({ status: 500, statusText: 'Internal Server Error' });
    const { agent, log } = await connected();
    const done = recordingCallback();
    agent.refreshSession(done);
    const [err] = await done.settled;
    expect(describeError(err)).toEqual({
      type: 'SDKError',
      message: 'Error on AgentVEP RefreshSession: Internal Server Error',
      code: 500,
      service: 'authentication.refreshSession',
    });
    expect(log.entries).toEqual([
      { name: 'success', args: [{ location: 'RefreshSession#Precheck' }] },
      { name: 'success', args: [{ location: 'RefreshSession#CSDS' }] },
      { name: 'error', args: [err, { location: 'RefreshSession#REST' }] },
    ]);
    expect(suite.lp.requestsTo('login')).toHaveLength(1);
    expect(agent.connected).toBe(true);
  });

  it('a dropped connection → "Error on AgentVEP RefreshSession: socket hang up", code null', async () => {
    suite.lp.routes.refresh = () => ({ destroy: true });
    const { agent } = await connected();
    await expect(agent.promises.refreshSession()).rejects.toMatchObject({
      message: 'Error on AgentVEP RefreshSession: socket hang up',
      code: null,
      service: 'authentication.refreshSession',
    });
  });

  it('HTTP 401 → logs in again and reopens the socket with the new bearer; the old socket reports closed 1006; callback null', async () => {
    suite.lp.routes.refresh = () => ({ status: 401, statusText: 'Unauthorized', body: { error: { message: 'CSRF token invalid!', internalCode: 10 } } });
    const { agent, log } = await connected();
    const oldSocket = suite.lp.socket;
    const done = recordingCallback();
    agent.refreshSession(done);
    expect(await done.settled).toEqual([null]);
    await log.waitFor('connected');
    await serverClosed(oldSocket);
    // As the original: the replaced socket's close (1006) comes before the new socket opens.
    expect(log.lines).toEqual(['success RefreshSession#Precheck', 'success RefreshSession#CSDS', 'success RefreshSession#Relogin#WS', 'closed 1006', 'connected']);
    expect(suite.lp.requestsTo('login')).toHaveLength(2);
    expect(suite.lp.upgrades).toEqual([
      `/ws_api/account/${ACCOUNT}/messaging/brand/${BEARER}?v=2.1`,
      `/ws_api/account/${ACCOUNT}/messaging/brand/${BEARER}-2?v=2.1`,
    ]);
    expect(agent.token).toBe(`${BEARER}-2`);
    expect(agent.agentId).toBe(USER_PID);
    expect(agent.connected).toBe(true);
    expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
    expect(log.of('closed')).toEqual([[1006]]);
  });

  it('HTTP 401 and the new login fails → the login error at RefreshSession#Relogin#WS', async () => {
    suite.lp.routes.refresh = () => ({ status: 401, statusText: 'Unauthorized' });
    const { agent, log } = await connected();
    suite.lp.routes.login = () => ({ status: 403, statusText: 'Forbidden' });
    const done = recordingCallback();
    agent.refreshSession(done);
    const [err] = await done.settled;
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on AgentVEP login: Forbidden', code: 403, service: 'authentication.login' });
    expect(log.lines).toEqual(['success RefreshSession#Precheck', 'success RefreshSession#CSDS', 'error RefreshSession#Relogin#WS: Error on AgentVEP login: Forbidden']);
    expect(suite.lp.upgrades).toHaveLength(1);
  });

  it('an empty CSDS answer (cache expired) → "could not fetch domains", no TypeError', async () => {
    const { agent, log } = await connected();
    const realNow = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_001);
    suite.lp.routes.csds = () => ({ body: { baseURIs: [] } });
    const done = recordingCallback();
    agent.refreshSession(done);
    const [err] = await done.settled;
    const unknownAccount = `could not fetch domains: CSDS (${suite.lp.config().csdsDomain}) lists no services for account ${ACCOUNT}; is the account id right?`;
    expect(describeError(err)).toEqual({ type: 'SDKError', message: unknownAccount, code: null, service: 'domainNames' });
    expect(log.lines).toEqual(['success RefreshSession#Precheck', 'success RefreshSession#CSDS', `error RefreshSession#REST: ${unknownAccount}`]);
    expect(suite.lp.requestsTo('csds')).toHaveLength(2);
    expect(suite.lp.requestsTo('refresh')).toEqual([]);
  });

  it('a CSDS failure (cache expired) → error at RefreshSession#CSDS', async () => {
    const { agent, log } = await connected();
    const realNow = Date.now.bind(Date);
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_001);
    suite.lp.routes.csds = () => ({ status: 503, statusText: 'Service Unavailable' });
    const done = recordingCallback();
    agent.refreshSession(done);
    const [err] = await done.settled;
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'Error on CSDS request: Service Unavailable', code: 503, service: 'domainNames' });
    expect(log.lines).toEqual(['success RefreshSession#Precheck', 'error RefreshSession#CSDS: Error on CSDS request: Service Unavailable']);
  });
});

describe('periodic refresh', () => {
  function slowRefresh(delay: number) {
    const { route, stats } = slowRoute(delay, { status: 200 });
    suite.lp.routes.refresh = route;
    return stats;
  }

  it('starts after login when refreshSessionToken is true, each run after the previous one ends', async () => {
    const stats = slowRefresh(100);
    const agent = new Agent(suite.lp.config({ refreshSessionInterval: 20 }));
    agents.track(agent);
    const log = new EventLog(agent);
    await log.waitFor('success', 2 + 3 * 3);
    const refreshes = log.lines.filter((l) => l.startsWith('success RefreshSession'));
    expect(refreshes).toEqual(Array(3).fill(['success RefreshSession#Precheck', 'success RefreshSession#CSDS', 'success RefreshSession#REST']).flat());
    // Chained, not an interval: the 3rd refresh has just ended and the 4th is not yet due.
    expect(suite.lp.requestsTo('refresh')).toHaveLength(3);
    expect(stats.maxInFlight).toBe(1);
  });

  it('startPeriodicRefreshSession() called again restarts the schedule instead of adding one', async () => {
    const stats = slowRefresh(100);
    const { agent, log } = await connected({ refreshSessionInterval: 20 });
    agent.startPeriodicRefreshSession();
    agent.startPeriodicRefreshSession();
    agent.startPeriodicRefreshSession();
    await log.waitFor('success', 3 * 3);
    expect(suite.lp.requestsTo('refresh')).toHaveLength(3);
    expect(stats.maxInFlight).toBe(1);
  });

  it('startPeriodicRefreshSession() while a refresh is in flight: that refresh does not start a second chain', async () => {
    const stats = slowRefresh(200);
    const { agent, log } = await connected({ refreshSessionInterval: 20, refreshSessionToken: true });
    await until(() => stats.inFlight === 1);
    // Late in the refresh, so that its end would restart the timer while the new chain's first refresh runs.
    await pause(100);
    agent.startPeriodicRefreshSession();
    const done = log.count('success RefreshSession#REST');
    await log.until((l) => l.count('success RefreshSession#REST') === done + 1);
    stats.maxInFlight = 0;
    await log.until((l) => l.count('success RefreshSession#REST') === done + 4);
    expect(stats.maxInFlight).toBe(1);
  });

  it('does not start after login when refreshSessionToken is false', async () => {
    suite.lp.routes.login = (() => {
      let n = 0;
      return () => {
        n++;
        suite.lp.tokens.add(`b${n}`);
        return {
          body: { csrf: `csrf-${n}`, bearer: `b${n}`, config: { userId: USER_ID, userPid: USER_PID } },
          headers: { 'Set-Cookie': `Session_id=agent${n}` },
        };
      };
    })();
    const { agent: quiet } = await connected({ refreshSessionInterval: 10, refreshSessionToken: false });
    const busy = new Agent(suite.lp.config({ refreshSessionInterval: 10 }));
    agents.track(busy);
    // The busy agent logged in after the quiet one and has refreshed 3 times since: the quiet one would have too.
    await new EventLog(busy).waitFor('success', 2 + 3 * 3);
    expect(suite.lp.requestsTo('refresh').map((r) => r.headers.cookie)).toEqual(['Session_id=agent2', 'Session_id=agent2', 'Session_id=agent2']);
    expect(quiet.csrf).toBe('csrf-1');
  });
});
