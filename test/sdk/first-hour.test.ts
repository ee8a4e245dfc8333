import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Agent, NotConnectedError, SDKError } from 'node-agent-sdk';
import { startEmulator, type Emulator } from 'node-agent-sdk/emulator';
import { EventLog, trackTimers } from '../helpers/events';

/**
 * A newcomer's usual mistakes get errors that say what happened and what to do, and a bot
 * that is never disposed does not keep its process (or jest) alive once its socket is gone.
 */

const FAST = { initialDelay: 10, factor: 1, maxDelay: 10, jitter: 0 };
const ALL = ['connected', 'closed', 'error', 'success', 'reconnecting', 'reconnected'];

let emulator: Emulator;
const agents: Agent[] = [];
const track = (agent: Agent): Agent => (agents.push(agent), agent);

beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  agents.splice(0).forEach((agent) => agent.dispose());
  await emulator.close();
});

const until = (agent: Agent, event: 'connected' | 'closed') => new Promise<void>((resolve) => agent.once(event, () => resolve()));

describe('refused credentials stop auto-reconnect at once', () => {
  it.each([401, 403])('a login answered %s: one login, no retry, an AutoReconnect error saying the credentials were refused', async (status) => {
    emulator.faults.failHttp('login', status);
    const agent = track(new Agent(emulator.agentConfig({ autoReconnect: FAST })));
    const log = new EventLog(agent, ALL);
    await log.until((l) => l.lines.some((line) => line.startsWith('error AutoReconnect')));
    const reason = status === 401 ? 'Unauthorized' : 'Forbidden';
    expect(log.lines).toEqual([
      'success Connect#CSDS',
      `error Connect#Login: Error on AgentVEP login: ${reason}`,
      `error AutoReconnect: the login was refused (HTTP ${status}): the username and password of account ${emulator.accountId} were not accepted; not reconnecting (fix the credentials, then connect() again)`,
    ]);
    const [err] = log.of('error')[1];
    expect(err).toBeInstanceOf(SDKError);
    expect(err).toMatchObject({ code: status, service: 'authentication.login' });
    expect(err.error.message).toBe(`Error on AgentVEP login: ${reason}`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // several retry delays
    expect(log.lines).toHaveLength(3);
  });

  it('a password changed while connected: the re-login after a 4401 is refused, and nothing more is tried', async () => {
    const agent = track(new Agent({ ...emulator.agentConfig({ autoReconnect: FAST }), password: 'secret' }));
    const log = new EventLog(agent, ALL);
    await until(agent, 'connected');
    emulator.faults.failHttp('login', 401);
    emulator.faults.closeAllSockets(4401);
    await log.until((l) => l.lines.some((line) => line.startsWith('error AutoReconnect')));
    expect(log.lines.slice(3)).toEqual([
      'closed 4401',
      'reconnecting',
      'success Reconnect#CSDS',
      'error Reconnect#Relogin#WS: Error on AgentVEP login: Unauthorized',
      `error AutoReconnect: the login was refused (HTTP 401): the username and password of account ${emulator.accountId} were not accepted; not reconnecting (fix the credentials, then connect() again)`,
    ]);
  });

  it('a login failing otherwise (503) is still retried', async () => {
    emulator.faults.failHttp('login', 503, { times: 1 });
    const agent = track(new Agent(emulator.agentConfig({ autoReconnect: FAST })));
    const log = new EventLog(agent, ALL);
    await until(agent, 'connected');
    expect(log.lines).toEqual([
      'success Connect#CSDS',
      'error Connect#Login: Error on AgentVEP login: Service Unavailable',
      'reconnecting',
      'success Connect#CSDS',
      'success Connect#Login',
      'connected',
      'reconnected',
    ]);
  });
});

describe('an unknown account', () => {
  it('says which account and what CSDS answered', async () => {
    const agent = track(new Agent({ ...emulator.agentConfig(), accountId: '99999' }));
    const log = new EventLog(agent, ALL);
    await log.until((l) => l.of('error').length === 1);
    expect(log.lines).toEqual([
      'success Connect#CSDS',
      `error Connect#Login: could not fetch domains: CSDS (${emulator.host}) lists no services for account 99999; is the account id right?`,
    ]);
    expect(log.of('error')[0][0]).toMatchObject({ code: null, service: 'domainNames' });
  });
});

describe('a request with neither callback nor promise while disconnected', () => {
  it('emits an error whose location names the request (with a callback, the callback gets it instead)', async () => {
    const agent = track(new Agent(emulator.agentConfig()));
    const errors: unknown[][] = [];
    agent.on('error', (...args) => errors.push(args));
    expect(agent.publishEvent({ dialogId: 'd', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hi' } })).toBeUndefined();
    expect(errors).toEqual([[expect.any(NotConnectedError), { location: 'Request#publishEvent' }]]);
    expect((errors[0][0] as Error).message).toBe('socket not connected');
    const answered: unknown[] = [];
    agent.getClock({}, (err) => answered.push(err));
    expect(answered).toEqual([expect.any(NotConnectedError)]);
    expect(errors).toHaveLength(1);
  });
});

describe('what an error listener gets is always an Error', () => {
  it('a callback that throws a string is reported as an SDKError keeping the value', async () => {
    const agent = track(new Agent(emulator.agentConfig()));
    const errors: unknown[][] = [];
    agent.on('error', (...args) => errors.push(args));
    await until(agent, 'connected');
    await new Promise<void>((resolve) =>
      agent.getClock({}, () => {
        setImmediate(resolve);
        throw 'not an Error';
      }),
    );
    expect(errors).toEqual([[expect.any(SDKError), { location: 'Callback' }]]);
    expect(errors[0][0]).toMatchObject({ message: 'a callback or listener threw not an Error', error: 'not an Error' });
  });
});

describe('a bot that is never disposed', () => {
  it('keeps no timer once its socket closed for good (no auto-reconnect)', async () => {
    const timers = trackTimers();
    try {
      const agent = track(new Agent(emulator.agentConfig()));
      await until(agent, 'connected');
      await agent.promises.getClock();
      const ours = () => timers.scheduled().filter((at) => /[\\/]src[\\/](?!emulator[\\/])/.test(at));
      // While it runs: the session refresh and the heartbeat (unref'd: the open socket keeps the process alive).
      expect(ours()).toEqual(expect.arrayContaining([expect.stringContaining('RefreshSchedule.start'), expect.stringContaining('Transport.ping')]));
      expect(timers.pending().filter((at) => /[\\/]src[\\/](?!emulator[\\/])/.test(at))).toEqual([]);
      const closed = until(agent, 'closed');
      emulator.faults.closeAllSockets(1000);
      await closed;
      expect(ours()).toEqual([]);
    } finally {
      timers.stop();
    }
  });

  it('lets its process exit when the service goes away', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forgotten-dispose-'));
    const script = path.join(dir, 'bot.ts');
    const src = path.resolve(__dirname, '..', '..', 'src');
    fs.writeFileSync(
      script,
      `import { Agent } from ${JSON.stringify(src)};
import { startEmulator } from ${JSON.stringify(path.join(src, 'emulator'))};
(async () => {
  const emulator = await startEmulator();
  const agent = new Agent(emulator.agentConfig());
  agent.on('error', () => undefined);
  await new Promise((resolve) => agent.once('connected', resolve));
  await agent.promises.getClock();
  await emulator.close(); // the bot is never disposed
  console.log('closed');
})();
`,
    );
    try {
      const tsx = path.resolve(__dirname, '..', '..', 'node_modules', 'tsx', 'dist', 'cli.mjs');
      const started = Date.now();
      const run = spawnSync(process.execPath, [tsx, script], { encoding: 'utf8', timeout: 30_000 });
      expect({ status: run.status, signal: run.signal, stdout: run.stdout.trim() }).toEqual({ status: 0, signal: null, stdout: 'closed' });
      // Well under the 10-minute session refresh that used to hold it.
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
