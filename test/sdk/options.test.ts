import { readFileSync } from 'fs';
import { join } from 'path';
import { Agent, ErrorCode, InvalidOptionError, SDKError } from 'node-agent-sdk';
import { ACCOUNT } from '../helpers/fake-lp';
import { EventLog } from '../helpers/events';
import { fakeLPSuite } from '../helpers/suite';

/** What `new Agent(conf)` throws, or undefined. */
function thrownBy(conf: Record<string, unknown>): any {
  try {
    new Agent({ accountId: ACCOUNT, username: 'bot', password: 'secret', csdsDomain: '127.0.0.1:1', ...conf } as any).dispose();
  } catch (err) {
    return err;
  }
  return undefined;
}

const MS_MAX = 2147483647;

describe('options are validated at construction', () => {
  const MS_OPTIONS = ['requestTimeout', 'errorCheckInterval', 'refreshSessionInterval', 'httpTimeout', 'handshakeTimeout', 'pingInterval', 'pongTimeout'];

  it.each(MS_OPTIONS.flatMap((name) => [
    [name, Number.NaN, 'NaN'],
    [name, -1, '-1'],
    [name, 'abc', '"abc"'],
    [name, '12ms', '"12ms"'],
    [name, MS_MAX + 1, String(MS_MAX + 1)],
    [name, Infinity, 'Infinity'],
    [name, {}, '[object Object]'],
  ]))('%s: %p throws an SDKError naming the option', (name, value, shown) => {
    const err = thrownBy({ [name]: value });
    expect(err).toBeInstanceOf(InvalidOptionError);
    expect(err).toBeInstanceOf(SDKError);
    expect(err.code).toBe('ERR_INVALID_OPTION');
    expect(err.errorCode).toBe(ErrorCode.InvalidOption);
    expect(err.message).toMatch(new RegExp(`^invalid option ${name}: expected a number of ms from [01] to ${MS_MAX}, got ${shown.replace(/[[\]]/g, '\\$&')}$`));
  });

  it.each([
    ['pingInterval', 0, 'invalid option pingInterval: expected a number of ms from 1 to 2147483647, got 0'],
    ['httpTimeout', 0, 'invalid option httpTimeout: expected a number of ms from 1 to 2147483647, got 0'],
    ['handshakeTimeout', '0', 'invalid option handshakeTimeout: expected a number of ms from 1 to 2147483647, got "0"'],
  ])('%s: %p would flood or never wait, so it is refused', (name, value, message) => {
    expect(thrownBy({ [name]: value }).message).toBe(message);
  });

  it.each([
    [{ initialDelay: 'abc' }, 'invalid option autoReconnect.initialDelay: expected a number of ms from 0 to 2147483647, got "abc"'],
    [{ maxDelay: -5 }, 'invalid option autoReconnect.maxDelay: expected a number of ms from 0 to 2147483647, got -5'],
    [{ factor: 0.5 }, 'invalid option autoReconnect.factor: expected a number from 1 to 1000, got 0.5'],
    [{ jitter: 2 }, 'invalid option autoReconnect.jitter: expected a fraction from 0 to 1, got 2'],
    [{ maxAttempts: 2.5 }, 'invalid option autoReconnect.maxAttempts: expected a whole number from 0, or Infinity, got 2.5'],
    [{ maxAttempts: -1 }, 'invalid option autoReconnect.maxAttempts: expected a whole number from 0, or Infinity, got -1'],
    [{ restoreSubscriptions: 'no' }, 'invalid option autoReconnect.restoreSubscriptions: expected true or false, got "no"'],
  ])('autoReconnect %p throws naming the field', (autoReconnect, message) => {
    const err = thrownBy({ autoReconnect });
    expect(err).toBeInstanceOf(SDKError);
    expect(err.message).toBe(message);
  });

  it('autoReconnect itself must be a boolean or an object', () => {
    expect(thrownBy({ autoReconnect: 'yes' }).message).toBe('invalid option autoReconnect: expected true, false or an object of retry options, got "yes"');
  });

  it('a token without userId is refused (it would make the agent id "<account>.undefined")', () => {
    const err = thrownBy({ username: undefined, password: undefined, token: 'a-bearer' });
    expect(err).toBeInstanceOf(SDKError);
    expect(err.message).toBe('missing userId param: a token needs the userId it belongs to (or a tokenProvider that returns it)');
    expect(err.message).not.toContain('a-bearer');
    expect(thrownBy({ token: 'a-bearer', userId: '' }).message).toMatch(/^missing userId param/);
  });

  it('a tokenProvider counts as credentials and must be a function', () => {
    expect(thrownBy({ username: undefined, password: undefined, tokenProvider: async () => ({ token: 't', userId: '1' }) })).toBeUndefined();
    expect(thrownBy({ tokenProvider: 'token' }).message).toBe('invalid option tokenProvider: expected a function returning a promise of {token, userId?}, got "string"');
  });

  it('a proxy that is not a URL is refused without repeating it (it may hold a password)', () => {
    const err = thrownBy({ proxy: 'user:hunter2@proxy:3128' });
    expect(err.message).toBe('invalid option proxy: expected a URL such as http://host:port (value not shown, it may hold a password)');
    expect(err.message).not.toContain('hunter2');
  });

  it('the original two messages still come first', () => {
    expect(thrownBy({ accountId: '', requestTimeout: 'abc' }).message).toBe('missing accountId param');
    expect(thrownBy({ username: undefined, requestTimeout: 'abc' }).message).toBe(
      'missing token or user/password or assertion or appKey/secret/accessToken/accessTokenSecret params',
    );
  });

  it('accepts autoReconnect maxAttempts: Infinity (and the string from an environment variable)', () => {
    expect(thrownBy({ autoReconnect: { maxAttempts: Infinity } })).toBeUndefined();
    expect(thrownBy({ autoReconnect: { maxAttempts: 'Infinity', initialDelay: '100' } })).toBeUndefined();
  });
});

describe('numeric strings are converted; 0 means the default for the original options', () => {
  const suite = fakeLPSuite();

  async function connected(extra: Record<string, unknown>) {
    const agent = new Agent(suite.lp.config({ refreshSessionToken: false, ...extra }));
    suite.agents.track(agent);
    await new EventLog(agent).waitFor('connected');
    return agent;
  }

  it('requestTimeout: "150" is the number 150, and a request really times out after it', async () => {
    const agent = await connected({ requestTimeout: '150', errorCheckInterval: '20' });
    expect(agent.requestTimeout).toBe(150);
    expect(agent.errorCheckInterval).toBe(20);
    suite.lp.responder = undefined;
    const answer = new Promise<any>((resolve) => agent.getClock({}, (err: any) => resolve(err)));
    expect(agent.pendingRequests[Object.keys(agent.pendingRequests)[0]].timeout).toBe(150);
    expect((await answer).message).toBe('Request has timed out');
  });

  it('refreshSessionInterval: " 2500 " becomes 2500; 0 and "0" mean the default, as in the original', async () => {
    expect((await connected({ refreshSessionInterval: ' 2500 ' })).refreshSessionInterval).toBe(2500);
    expect((await connected({ refreshSessionInterval: 0 })).refreshSessionInterval).toBe(600000);
    const zero = await connected({ refreshSessionInterval: '0', requestTimeout: 0 });
    expect(zero.refreshSessionInterval).toBe(600000);
    expect(zero.requestTimeout).toBe(10000);
  });

  it('handshakeTimeout: "30000" connects and reports like a number (it used to fail with no error event)', async () => {
    const agent = new Agent(suite.lp.config({ refreshSessionToken: false, handshakeTimeout: '30000', pingInterval: '60000', pongTimeout: '0' }));
    suite.agents.track(agent);
    const log = new EventLog(agent);
    await log.waitFor('connected');
    expect(log.lines).toEqual(['success Connect#CSDS', 'success Connect#Login', 'connected']);
  });

  it('the promise API converts options.timeout: "100" and times out after it', async () => {
    const agent = await connected({ requestTimeout: 60000 });
    suite.lp.responder = undefined;
    const slow = agent.promises.getClock(undefined, { timeout: '100' as any });
    expect(Object.values(agent.pendingRequests)[0].timeout).toBe(100);
    await expect(slow).rejects.toMatchObject({ message: 'Request has timed out' });
  });
});

describe('a misspelt option', () => {
  it('gets one process warning naming the closest known option, and no error', () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      for (let i = 0; i < 2; i++) {
        expect(thrownBy({ requestTimout: 500, autoReconnect: { initalDelay: 5 }, perMessageDeflate: false, myOwnThing: 1 })).toBeUndefined();
      }
      const ours = warn.mock.calls.filter(([, options]) => (options as any)?.code === 'NODE_AGENT_SDK_UNKNOWN_OPTION').map(([message]) => message);
      expect(ours).toEqual([
        'node-agent-sdk: unknown option "requestTimout", did you mean "requestTimeout"? It is ignored (and passed to ws as it is).',
        'node-agent-sdk: unknown option "autoReconnect.initalDelay", did you mean "autoReconnect.initialDelay"? It is ignored.',
      ]);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the known option names', () => {
  it('include every field of AgentConfig (a new option must not be warned about as a misspelling)', () => {
    const source = readFileSync(join(__dirname, '../../src/config.ts'), 'utf8');
    const body = /export interface AgentConfig(?: extends [\w.]+)? \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
    const fields = [...body.matchAll(/^ {2}([A-Za-z]+)\??:/gm)].map((m) => m[1]);
    expect(fields).toEqual(expect.arrayContaining(['accountId', 'requestTimeout', 'tokenProvider', 'autoReconnect']));
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const conf = Object.fromEntries(fields.filter((f) => !['accountId', 'username', 'password', 'csdsDomain'].includes(f)).map((f) => [f, undefined]));
      expect(thrownBy(conf)).toBeUndefined();
      expect(warn.mock.calls.filter(([, options]) => (options as any)?.code === 'NODE_AGENT_SDK_UNKNOWN_OPTION')).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  });
});
