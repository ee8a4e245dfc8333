import { Agent, SDKError } from 'node-agent-sdk';
import { ACCOUNT, type FakeLP } from '../helpers/fake-lp';
import { fakeLPSuite } from '../helpers/suite';
import { EventLog } from '../helpers/events';

const NO_ACCOUNT = 'missing accountId param';
const NO_CREDENTIALS = 'missing token or user/password or assertion or appKey/secret/accessToken/accessTokenSecret params';

/** What `new Agent(conf)` throws, or undefined. */
function thrownBy(conf: unknown): unknown {
  try {
    new Agent(conf as any);
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('new Agent(conf): validation', () => {
  // No conf at all (undefined, null) throws a TypeError instead: see fidelity.test.ts.
  it.each([
    ['an empty object', {}],
    ['no accountId with a token', { token: 't', userId: 'u' }],
    ['an empty accountId', { accountId: '', username: 'u', password: 'p' }],
  ])('throws "missing accountId param" for %s', (_what, conf) => {
    const err = thrownBy(conf);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).constructor).toBe(Error);
    expect(err).not.toBeInstanceOf(SDKError);
    expect((err as Error).message).toBe(NO_ACCOUNT);
  });

  it.each([
    ['only an accountId', {}],
    ['an empty token', { token: '' }],
    ['a userId without token', { userId: 'u' }],
    ['a username without password', { username: 'u' }],
    ['a password without username', { password: 'p' }],
    ['OAuth1 without accessTokenSecret', { username: 'u', appKey: 'k', secret: 's', accessToken: 'a' }],
    ['OAuth1 without username', { appKey: 'k', secret: 's', accessToken: 'a', accessTokenSecret: 'as' }],
    ['OAuth1 without appKey', { username: 'u', secret: 's', accessToken: 'a', accessTokenSecret: 'as' }],
    ['OAuth1 without secret', { username: 'u', appKey: 'k', accessToken: 'a', accessTokenSecret: 'as' }],
    ['OAuth1 without accessToken', { username: 'u', appKey: 'k', secret: 's', accessTokenSecret: 'as' }],
    ['an empty assertion', { assertion: '' }],
  ])('throws the credentials message for %s', (_what, credentials) => {
    const err = thrownBy({ accountId: ACCOUNT, ...credentials });
    expect((err as Error).constructor).toBe(Error);
    expect((err as Error).message).toBe(NO_CREDENTIALS);
  });

  it('checks the accountId before the credentials', () => {
    expect((thrownBy({ username: 'u' }) as Error).message).toBe(NO_ACCOUNT);
  });
});

describe('new Agent(conf): a valid configuration', () => {
  const suite = fakeLPSuite();
  const { agents } = suite;
  let lp: FakeLP;
  beforeEach(() => {
    lp = suite.lp;
  });

  function create(conf: any): Agent {
    return agents.track(new Agent(conf));
  }

  it.each([
    ['user/password', { username: 'bot', password: 'secret' }],
    ['a token and userId', { token: 'bearer-1', userId: '7777', username: undefined, password: undefined }],
    ['a SAML assertion', { assertion: 'saml', username: undefined, password: undefined }],
    ['OAuth1', { username: 'bot', password: undefined, appKey: 'k', secret: 's', accessToken: 'a', accessTokenSecret: 'as' }],
  ])('accepts %s and connects', async (_what, credentials) => {
    const agent = create(lp.config(credentials));
    const log = new EventLog(agent);
    await log.waitFor('connected');
    expect(log.lines).toEqual(['success Connect#CSDS', 'success Connect#Login', 'connected']);
  });

  it('writes refreshSessionToken: true onto the conf it was given, and keeps that very object', async () => {
    const conf = lp.config();
    expect('refreshSessionToken' in conf).toBe(false);
    const agent = create(conf);
    expect(conf.refreshSessionToken).toBe(true);
    expect(agent.conf).toBe(conf);
    expect(agent.accountId).toBe(ACCOUNT);
    await new EventLog(agent).waitFor('connected');
  });

  it('keeps a refreshSessionToken: false that was passed', async () => {
    const conf = lp.config({ refreshSessionToken: false });
    const agent = create(conf);
    expect(conf.refreshSessionToken).toBe(false);
    expect(agent.conf.refreshSessionToken).toBe(false);
    await new EventLog(agent).waitFor('connected');
  });

  it('starts connecting by itself, asynchronously: listeners added right after `new` see every event', async () => {
    const agent = create(lp.config());
    expect(agent.connected).toBeUndefined();
    expect(lp.http).toHaveLength(0);
    const log = new EventLog(agent);
    const [payload] = await log.waitFor('connected');
    expect(log.lines).toEqual(['success Connect#CSDS', 'success Connect#Login', 'connected']);
    expect(payload).toEqual({ connected: true, ts: expect.any(Number) });
    expect(agent.connected).toBe(true);
    expect(lp.requestsTo('csds')).toHaveLength(1);
    expect(lp.requestsTo('login')).toHaveLength(1);
    expect(lp.upgrades).toHaveLength(1);
  });
});
