import { resolveConfig } from '../../src/config';
import type { AgentConfig } from '../../src/config';
import { SDKError } from '../../src/errors';
import { RetryScheduler } from '../../src/retry';
import type { RetryAttempt, RetryOwner, RetryReason } from '../../src/retry';
import { until } from '../helpers/wait';

const PASSWORD: AgentConfig = { accountId: 'acc-1', username: 'bot', password: 'secret' };
const TOKEN: AgentConfig = { accountId: 'acc-1', token: 'bearer', userId: 'u-1' };
/** No wait, no spread: the delay is exactly initialDelay × factor^(attempt-1), capped. */
const FAST = { initialDelay: 0, maxDelay: 0, jitter: 0 };

/** An owner that records what the scheduler asks and tells, in order. */
function owner(state: { busy?: boolean; target?: boolean; loginRefused?: number } = {}) {
  const calls: string[] = [];
  const attempts: RetryAttempt[] = [];
  const stops: Array<SDKError | undefined> = [];
  const hooks: RetryOwner = {
    busy: () => state.busy ?? false,
    hasTarget: () => state.target ?? true,
    loginRefused: () => state.loginRefused,
    redact: (err) => {
      calls.push('redact');
      return err;
    },
    relogin: () => calls.push('relogin'),
    reopen: () => calls.push('reopen'),
    reconnecting: (attempt) => {
      calls.push('reconnecting');
      attempts.push(attempt);
    },
    stopped: (err) => {
      calls.push(err ? 'gave up' : 'stopped');
      stops.push(err);
    },
  };
  return { hooks, calls, attempts, stops };
}

function scheduler(conf: AgentConfig, state?: Parameters<typeof owner>[0]) {
  const o = owner(state);
  return { retries: new RetryScheduler(resolveConfig(conf), conf.accountId, o.hooks), ...o };
}

describe('RetryScheduler: what a lost connection means', () => {
  it('with auto-reconnect off, stops at once and arms nothing', () => {
    const { retries, calls } = scheduler(PASSWORD);
    retries.schedule({ code: 1006 });
    expect(calls).toEqual(['stopped']);
    expect(retries.armed).toBe(false);
  });

  it('does nothing while a socket or a flow is there (it will report its own end)', () => {
    const { retries, calls } = scheduler({ ...PASSWORD, autoReconnect: true }, { busy: true });
    retries.schedule({ code: 1006, error: new SDKError('x') });
    expect(calls).toEqual([]);
    expect(retries.armed).toBe(false);
  });

  it.each<[string, string, RetryReason, boolean]>([
    ['a plain close with a socket to reopen', 'reopen', { code: 1006 }, true],
    ['a 4401 close (token expired)', 'relogin', { code: 4401 }, true],
    ['a 1008 close (invalid token)', 'relogin', { code: 1008 }, true],
    ['a failed flow (no close code)', 'relogin', { error: new SDKError('login failed', 500) }, true],
    ['a close with a 401 socket error', 'relogin', { code: 1006, error: new SDKError('Unexpected server response: 401', 401) }, true],
    ['a plain close before any socket', 'relogin', { code: 1006 }, false],
  ])('%s: the next attempt will %s', async (_what, next, reason, target) => {
    const { retries, calls, attempts } = scheduler({ ...PASSWORD, autoReconnect: FAST }, { target });
    retries.schedule(reason);
    expect(retries.armed).toBe(true);
    expect(attempts).toEqual([{ attempt: 1, delay: 0, reason, regenerateToken: next === 'relogin' }]);
    // The payload is the reason as given, not a copy.
    expect(attempts[0].reason).toBe(reason);
    await until(() => !retries.armed);
    expect(calls).toEqual([...(reason.error ? ['redact'] : []), 'reconnecting', next]);
  });

  it('counts attempts until a socket opens, and gives up after maxAttempts with the last cause', async () => {
    const { retries, calls, attempts, stops } = scheduler({ ...PASSWORD, autoReconnect: { ...FAST, maxAttempts: 2 } });
    retries.schedule({ code: 1006 });
    await until(() => !retries.armed);
    retries.schedule({ code: 1011 });
    await until(() => !retries.armed);
    retries.schedule({ code: 1001 });
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2]);
    expect(calls).toEqual(['reconnecting', 'reopen', 'reconnecting', 'relogin', 'gave up']);
    expect(stops[0]).toMatchObject({ message: 'could not reconnect after 2 attempts (last cause: the socket closed with code 1001)', code: 1001 });
    // Giving up starts the count afresh: a later connect gets its own attempts.
    expect(retries.attempt).toBe(0);
  });

  it('opened() answers the attempts it took and starts afresh', async () => {
    const { retries } = scheduler({ ...PASSWORD, autoReconnect: FAST });
    expect(retries.opened()).toBe(0);
    retries.schedule({ code: 1006 });
    await until(() => !retries.armed);
    expect(retries.opened()).toBe(1);
    expect(retries.attempt).toBe(0);
  });

  it('cancel() and reset() disarm: the attempt never runs', async () => {
    const { retries, calls } = scheduler({ ...PASSWORD, autoReconnect: { ...FAST, initialDelay: 60000, maxDelay: 60000 } });
    retries.schedule({ code: 1006 });
    retries.cancel();
    expect(retries.armed).toBe(false);
    expect(retries.attempt).toBe(1);
    retries.schedule({ code: 1006 });
    retries.reset();
    expect(retries.armed).toBe(false);
    expect(retries.attempt).toBe(0);
    expect(calls).toEqual(['reconnecting', 'reconnecting']);
  });

  it.each([4401, 4407, 1011, 1008])('a bot token refused by close %i, with no tokenProvider: gives up, no attempt', (code) => {
    const { retries, calls, stops } = scheduler({ ...TOKEN, autoReconnect: FAST });
    retries.schedule({ code });
    expect(calls).toEqual(['gave up']);
    expect(stops[0]).toMatchObject({ message: 'the token was refused (expired or invalid) and no tokenProvider is set: not reconnecting', code });
    expect(retries.armed).toBe(false);
  });

  it('a bot token with a tokenProvider is retried with a new token', () => {
    const { retries, attempts } = scheduler({ ...TOKEN, tokenProvider: async () => ({ token: 't' }), autoReconnect: FAST });
    retries.schedule({ code: 4401 });
    expect(attempts).toEqual([{ attempt: 1, delay: 0, reason: { code: 4401 }, regenerateToken: true }]);
    retries.cancel();
  });

  it('refused credentials (HTTP 403 at login) are not retried; the message names what was refused', () => {
    const { retries, calls, stops } = scheduler({ ...PASSWORD, autoReconnect: FAST }, { loginRefused: 403 });
    const cause = new SDKError('forbidden', 403);
    retries.schedule({ error: cause });
    expect(calls).toEqual(['redact', 'gave up']);
    expect(stops[0]).toMatchObject({
      message:
        'the login was refused (HTTP 403): the username and password of account acc-1 were not accepted; not reconnecting (fix the credentials, then connect() again)',
      code: 403,
      error: cause,
    });
  });
});
