import { Agent, SDKError } from 'node-agent-sdk';
import { FakeLP } from '../helpers/fake-lp';
import { EventLog, callbackSpy, describeError } from '../helpers/events';

/**
 * Details where an earlier version of this SDK differed from the JavaScript SDK 1.4.x. Each
 * test pins what the original did (lib/AgentSDK.js, lib/Transport.js, lib/error/SDKError.js,
 * lib/ExternalServices.js of LivePersonInc/node-agent-sdk), so the difference cannot come back.
 */

let lp: FakeLP;
const agents: Agent[] = [];

beforeEach(async () => {
  lp = await FakeLP.start();
});
afterEach(async () => {
  for (const agent of agents.splice(0)) agent.dispose();
  await lp.close();
});

function create(conf: any = lp.config()): { agent: Agent; log: EventLog } {
  const agent = new Agent(conf);
  agents.push(agent);
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
    lp.routes.refresh = () => ({ body: { error: 'expired' } });
    const { agent, log } = create(lp.config({ refreshSessionToken: false }));
    await log.waitFor('connected');
    const done = callbackSpy();
    agent.refreshSession(done.callback);
    const [err] = await done.called;
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
    lp.push('{"kind":"notification",');
    lp.notify('.ams.some.Type', { a: 1 });
    await notified;
    expect(seen).toEqual(['.ams.some.Type', 'notification']);
  });
});

describe('a login answered with JSON null', () => {
  it('sets userId null and __oldAgentId "{accountId}.null", then fails with "could not generate token" at Connect#Login', async () => {
    lp.routes.login = () => ({ body: null });
    const { agent, log } = create();
    const done = callbackSpy();
    agent.connect(done.callback);
    const [err] = await done.called;
    expect(describeError(err)).toEqual({ type: 'SDKError', message: 'could not generate token', code: null, service: 'authentication.login' });
    expect(log.lines).toEqual(['success Connect#CSDS', 'error Connect#Login: could not generate token']);
    expect(agent.agentId).toBeNull();
    expect(agent.userId).toBeNull();
    expect(agent.__oldAgentId).toBe(`${lp.config().accountId}.null`);
    expect(agent.token).toBeUndefined();
  });
});
