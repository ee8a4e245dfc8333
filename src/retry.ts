import type { ResolvedConfig, RetryPolicy } from './config';
import { SDKError, SERVICES } from './errors';
import { delayFor, needsNewToken } from './reconnect';

/** Why a connection was lost: the socket's close code, the error of the failed step, or both. */
export interface RetryReason {
  code?: number;
  error?: SDKError;
}

/** The `reconnecting` event's payload. */
export interface RetryAttempt {
  attempt: number;
  delay: number;
  reason: RetryReason;
  regenerateToken: boolean;
}

/** What the scheduler asks of, and tells, the agent that owns it. */
export interface RetryOwner {
  /** A socket is open or opening, or a connection flow runs: nothing to schedule. */
  busy(): boolean;
  /** A socket was opened before, so a same-token reopen (or a re-login) is possible. */
  hasTarget(): boolean;
  /** The HTTP status of the last login when agentVep refused it (401/403). */
  loginRefused(): number | undefined;
  /** Removes secrets from the reason's error before anyone sees it. */
  redact<E>(err: E): E;
  /** Time for an attempt that logs in again. */
  relogin(): void;
  /** Time for an attempt that reopens the last socket with its token. */
  reopen(): void;
  /** An attempt is armed (its timer runs): the owner tells the bot. */
  reconnecting(attempt: RetryAttempt): void;
  /** No attempt follows; `err` says why when auto-reconnect gave up, none when it is off. */
  stopped(err?: SDKError): void;
}

/** What each way of logging in is called in a refusal message. */
const CREDENTIALS: Record<'password' | 'saml' | 'oauth1', string> = {
  password: 'username and password',
  saml: 'SAML assertion',
  oauth1: 'OAuth1 application credentials',
};

/** What the give-up rules look at. */
interface Situation {
  reason: RetryReason;
  /** The error's code, else the close code. */
  code: SDKError['code'];
  attempt: number;
  policy: RetryPolicy;
  settings: ResolvedConfig;
  loginRefused: number | undefined;
  accountId: string;
}

/** When retrying cannot help or may not go on: each rule answers the error to give up with. First match wins. */
const GIVE_UP: Array<(s: Situation) => SDKError | undefined> = [
  // A refused token cannot be replaced without a provider: retrying it is pointless.
  ({ settings, reason, code }) =>
    settings.auth === 'token' && !settings.tokenProvider && needsNewToken(reason)
      ? new SDKError('the token was refused (expired or invalid) and no tokenProvider is set: not reconnecting', code, SERVICES.LOGIN, reason.error ?? null)
      : undefined,
  // Refused credentials stay refused: retrying would log in ~35 times over half an hour.
  ({ settings, loginRefused, accountId, reason }) =>
    loginRefused !== undefined && settings.auth !== 'token'
      ? new SDKError(
          `the login was refused (HTTP ${loginRefused}): the ${CREDENTIALS[settings.auth]} of account ${accountId} were not accepted; not reconnecting (fix the credentials, then connect() again)`,
          loginRefused,
          SERVICES.LOGIN,
          reason.error ?? null,
        )
      : undefined,
  ({ attempt, policy, reason, code }) =>
    attempt >= policy.maxAttempts
      ? new SDKError(
          `could not reconnect after ${attempt} attempts (last cause: ${reason.error ? reason.error.message : `the socket closed with code ${reason.code}`})`,
          code,
          SERVICES.MESSAGING,
          reason.error,
        )
      : undefined,
];

/**
 * Auto-reconnect: every decision of what a lost connection means and what comes next is made
 * here. When no retry follows (auto-reconnect off, a refusal retrying cannot cure, or the
 * attempts used up), the owner is told to stop, so no timer of the agent stays alive and a
 * process (or a test) that forgot `dispose()` can still end.
 */
export class RetryScheduler {
  /** Attempts made since the last socket opened. */
  attempt = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: ResolvedConfig,
    private readonly accountId: string,
    private readonly owner: RetryOwner,
  ) {}

  /** The policy, or undefined when auto-reconnect is off. */
  get policy(): RetryPolicy | undefined {
    return this.settings.retry;
  }

  /** An attempt is waiting for its timer. */
  get armed(): boolean {
    return this.timer !== undefined;
  }

  /** The connection was lost (or a flow failed): arm the next attempt, or stop. */
  schedule(reason: RetryReason): void {
    const policy = this.settings.retry;
    if (this.timer || this.owner.busy()) return;
    if (reason.error) this.owner.redact(reason.error);
    if (!policy) return this.owner.stopped();
    const situation: Situation = {
      reason,
      code: reason.error?.code ?? reason.code ?? null,
      attempt: this.attempt,
      policy,
      settings: this.settings,
      loginRefused: this.owner.loginRefused(),
      accountId: this.accountId,
    };
    for (const rule of GIVE_UP) {
      const err = rule(situation);
      if (err) {
        this.attempt = 0;
        return this.owner.stopped(err);
      }
    }
    const attempt = ++this.attempt;
    const delay = delayFor(policy, attempt);
    // A failed flow (no close code: CSDS or login failed) got no token, so the next attempt logs in again too.
    const regenerateToken = needsNewToken(reason) || !this.owner.hasTarget() || reason.code === undefined;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (regenerateToken) this.owner.relogin();
      else this.owner.reopen();
    }, delay);
    // Armed before the owner tells the bot, so a listener's dispose(), reconnect() or connect() cancels it.
    this.owner.reconnecting({ attempt, delay, reason, regenerateToken });
  }

  /** Cancels the armed attempt, if any (the bot's connect/reconnect takes its place, or dispose). */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Dispose: no attempt armed, and the count starts afresh. */
  reset(): void {
    this.cancel();
    this.attempt = 0;
  }

  /** The socket opened: returns the attempts it took (0 when it was not a retry) and starts counting afresh. */
  opened(): number {
    const attempts = this.attempt;
    this.attempt = 0;
    return attempts;
  }
}
