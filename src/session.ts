import type { AgentConfig, ResolvedConfig } from './config';
import { SDKError, SERVICES } from './errors';
import type { HttpClient } from './http';
import { DomainsClient } from './domains';
import type { Domains } from './domains';
import { login, refresh } from './auth/login';
import type { CookieJar } from './auth/cookies';
import { oldAgentIdOf } from './identity';

/** Outcome of one step of a connection flow: an error, or null. `CANCELLED` when dispose intervened. */
export const CANCELLED = new SDKError('the agent was disposed while connecting');

/**
 * The session state the original kept on the agent itself, where bots read (and set) it; the
 * session writes it there rather than keeping a copy, so `agent.token` and the rest stay fields.
 */
export interface SessionFields {
  token: string | undefined;
  csrf: string | undefined;
  jar: CookieJar | undefined;
  userId: string | undefined;
  agentId: string | undefined;
  __oldAgentId: string | undefined;
}

/** What the session needs from the agent that owns it. */
export interface SessionHooks {
  /** Bumped by dispose: a step that started under an older epoch stops at its next step. */
  epoch(): number;
  /** Emits the outcome of one step: `error` at `location`, or `success`. */
  outcome(err: SDKError | null, location: string): void;
  /** A login opened a session with a csrf and the conf asks for periodic refreshes. */
  startRefresh(): void;
}

/** Where the socket goes: the messaging host, and the bearer in its URL. */
export interface SocketTarget {
  host: string;
  token: string;
}

/** [error, answer]: one of the two. */
type Outcome<T> = [SDKError | null, T | undefined];

/**
 * The session with LivePerson, over HTTP: domain lookup (CSDS), login by credentials, a bot's
 * token or its token provider, and refresh. Answers where the socket goes and with which token;
 * it never touches the socket, and reports each step's outcome through `hooks.outcome`.
 */
export class Session {
  readonly domains: DomainsClient;
  /** The last token a `tokenProvider` gave. */
  providedToken: string | undefined;
  /** The HTTP status of the last login when agentVep refused it (401/403): retrying cannot help. */
  loginRefused: number | undefined;

  constructor(
    private readonly fields: SessionFields,
    private readonly conf: AgentConfig,
    private readonly settings: ResolvedConfig,
    private readonly http: HttpClient,
    private readonly hooks: SessionHooks,
  ) {
    this.domains = new DomainsClient(http, settings.csdsDomain, conf.accountId);
  }

  /** Connect's session: CSDS (merged with `conf.domains`) and a login, each step reported. */
  async forConnect(): Promise<Outcome<SocketTarget>> {
    const epoch = this.hooks.epoch();
    // A dispose meanwhile comes back as CANCELLED from fetchDomains.
    const [domainsErr, answer] = await this.fetchDomains('Connect#CSDS');
    if (domainsErr) return [domainsErr, undefined];
    // Only connect merges conf.domains; no domain list at all is treated like an empty one.
    const domains = Object.assign(answer ?? {}, this.conf.domains);
    const [loginErr, token] = await this.login(domains);
    if (epoch !== this.hooks.epoch()) return [CANCELLED, undefined];
    this.hooks.outcome(loginErr, 'Connect#Login');
    if (loginErr || !token) return [loginErr, undefined];
    return [null, { host: this.wsHost(domains), token }];
  }

  /** Reconnect's lookup, reported at `Reconnect#CSDS`; the original used the answer without conf.domains. */
  async forReconnect(): Promise<Outcome<Domains>> {
    const epoch = this.hooks.epoch();
    const [domainsErr, domains] = await this.domains.getAll();
    if (epoch !== this.hooks.epoch()) return [CANCELLED, undefined];
    const err = domainsErr ?? (domains ? null : new SDKError('could not fetch domains on reconnect', null, SERVICES.DOMAIN_NAMES));
    this.hooks.outcome(err, 'Reconnect#CSDS');
    if (err || !domains) return [err, undefined];
    return [null, domains];
  }

  /** A new login for a new token (the token provider is asked again); the caller reports the outcome. */
  async relogin(domains: Domains): Promise<Outcome<string>> {
    const epoch = this.hooks.epoch();
    const [err, token] = await this.login(domains, true);
    if (epoch !== this.hooks.epoch()) return [CANCELLED, undefined];
    return [err, token];
  }

  /**
   * Prolongs the session. Answers the domains to log in again with when the session had
   * expired (a 401, which is not reported as this step's failure), else the step's error.
   */
  async refresh(): Promise<[SDKError | null, Domains | undefined]> {
    const epoch = this.hooks.epoch();
    const [domainsErr, domains] = await this.fetchDomains('RefreshSession#CSDS');
    if (domainsErr) return [domainsErr, undefined];
    // An empty answer made the original throw a TypeError; we report what connect reports.
    if (!domains || Object.keys(domains).length === 0) {
      const err = this.noAgentVep(domains ?? {});
      this.hooks.outcome(err, 'RefreshSession#REST');
      return [err, undefined];
    }
    // Like the original: the CSDS answer without conf.domains, and no check that agentVep is
    // among the services (without it the call goes to host "undefined" and fails there).
    const fields = this.fields;
    const err = await refresh(this.http, domains.agentVep, this.conf.accountId, fields.csrf as string, fields.jar as CookieJar);
    if (epoch !== this.hooks.epoch()) return [CANCELLED, undefined];
    if (err && err.code === 401) return [null, domains];
    this.hooks.outcome(err, 'RefreshSession#REST');
    return [err, undefined];
  }

  /** The socket's host among the domains: `conf.wsDomainType`'s when listed, else facadeMsg. */
  wsHost(domains: Domains): string {
    const type = this.conf.wsDomainType;
    return type && domains[type] ? domains[type] : domains.facadeMsg;
  }

  /** CSDS, reporting `success`/`error` at `location`; undefined domains for an answer without a list. */
  private async fetchDomains(location: string): Promise<Outcome<Domains>> {
    const epoch = this.hooks.epoch();
    const [err, domains] = await this.domains.getAll();
    // Disposed meanwhile (dispose also aborts the call): report nothing.
    if (epoch !== this.hooks.epoch()) return [CANCELLED, undefined];
    this.hooks.outcome(err, location);
    return [err, err ? undefined : domains];
  }

  /**
   * The original's `could not fetch domains`. When CSDS lists no service at all, which is what
   * it answers for an account it does not know (or a wrong csdsDomain), the message says so.
   */
  private noAgentVep(domains: Domains): SDKError {
    const services = Object.keys(domains).filter((service) => service !== 'undefined');
    const message =
      services.length === 0
        ? `could not fetch domains: CSDS (${this.settings.csdsDomain}) lists no services for account ${this.conf.accountId}; is the account id right?`
        : 'could not fetch domains';
    return new SDKError(message, null, SERVICES.DOMAIN_NAMES);
  }

  /**
   * Gets a token: from the configuration or the token provider, or by logging in. Sets the
   * identity either way. `fresh`: a new token is wanted (the provider is asked even if one is known).
   */
  private async login(domains: Domains, fresh = false): Promise<Outcome<string>> {
    if (!domains.agentVep) return [this.noAgentVep(domains), undefined];
    const conf = this.conf;
    const fields = this.fields;
    if (this.settings.auth === 'token') return this.tokenLogin(fresh);
    const epoch = this.hooks.epoch();
    const [err, { data, jar, status }] = await login(this.http, domains.agentVep, conf);
    // Disposed meanwhile: keep no session and start no refresh timer.
    if (epoch !== this.hooks.epoch()) return [CANCELLED, undefined];
    this.loginRefused = err && (status === 401 || status === 403) ? status : undefined;
    if (err) return [err, undefined];
    const config = data && data.config;
    fields.agentId = config && config.userPid;
    fields.userId = config && config.userId;
    if (fields.userId === undefined) {
      return [new SDKError('invalid login state, userId is undefined', null, SERVICES.LOGIN), undefined];
    }
    fields.__oldAgentId = oldAgentIdOf(conf.accountId, fields.userId);
    // A JSON `null` answer gets here (its userId is null, not undefined), so `data` is checked.
    if (data && data.csrf) {
      fields.jar = jar;
      fields.csrf = data.csrf;
      fields.token = data.bearer;
      if (conf.refreshSessionToken) this.hooks.startRefresh();
    }
    if (!(data && data.bearer)) return [new SDKError('could not generate token', null, SERVICES.LOGIN), undefined];
    return [null, data.bearer];
  }

  private async tokenLogin(fresh: boolean): Promise<Outcome<string>> {
    const conf = this.conf;
    const provider = this.settings.tokenProvider;
    let token = this.providedToken ?? conf.token;
    let userId = conf.userId;
    if (provider && (fresh || !token)) {
      const epoch = this.hooks.epoch();
      const [err, provided] = await askProvider(provider);
      if (epoch !== this.hooks.epoch()) return [CANCELLED, undefined];
      if (err || !provided) return [err, undefined];
      token = this.providedToken = provided.token;
      userId = provided.userId ?? userId;
    }
    if (!token) return [new SDKError('could not generate token', null, SERVICES.LOGIN), undefined];
    if (userId === undefined || userId === null || userId === '') {
      return [new SDKError('invalid login state, userId is undefined', null, SERVICES.LOGIN), undefined];
    }
    this.fields.userId = userId;
    this.fields.__oldAgentId = oldAgentIdOf(conf.accountId, userId);
    return [null, token];
  }
}

/** Calls the bot's token provider; whatever it throws or returns that is not a token becomes an SDKError. */
async function askProvider(provider: NonNullable<ResolvedConfig['tokenProvider']>): Promise<Outcome<{ token: string; userId?: string }>> {
  try {
    const provided = await provider();
    if (!provided || typeof provided.token !== 'string' || provided.token === '') {
      return [new SDKError('tokenProvider did not return a {token} with a non-empty string token', null, SERVICES.LOGIN), undefined];
    }
    const userId = provided.userId === undefined || provided.userId === null ? undefined : String(provided.userId);
    return [null, { token: provided.token, userId }];
  } catch (thrown) {
    return [new SDKError(`tokenProvider failed: ${(thrown as Error)?.message ?? String(thrown)}`, (thrown as { code?: number })?.code ?? null, SERVICES.LOGIN, thrown), undefined];
  }
}

/**
 * The periodic session refresh: one chain of timers, each refresh armed after the previous
 * one ended. Stopping or restarting starts a new schedule; a refresh still in flight from an
 * older one does not re-arm, so there are never two chains.
 */
export interface RefreshOwner {
  /** Refreshes the session; `done` once it ended, well or not. */
  refreshSession(done: () => void): void;
  /** Arms the next refresh (the chain goes on). */
  rearmRefresh(): void;
}

export class RefreshSchedule {
  private timer: NodeJS.Timeout | undefined;
  private schedule = 0;
  private owner: RefreshOwner | undefined;
  /** Halted by a final close while a session was kept alive: a socket opened later resumes it. */
  halted = false;

  /** Arms the next refresh in `interval` ms; the owner re-arms once the refresh called back, if still current. */
  start(interval: number, owner: RefreshOwner): void {
    this.stop();
    this.halted = false;
    this.owner = owner;
    // A shared callback with this schedule as its argument: no closure per agent and per refresh.
    this.timer = setTimeout(fireRefresh, interval, this);
    // A session refresh alone must not keep the process alive (the socket or a retry does).
    this.timer.unref();
  }

  /** @internal The timer fired: refresh, then go on unless the schedule was replaced meanwhile. */
  fire(): void {
    this.timer = undefined;
    const schedule = this.schedule;
    const owner = this.owner as RefreshOwner;
    owner.refreshSession(() => {
      // A refresh of a schedule that was replaced meanwhile (reconnect, a new login, a bot's
      // call) must not start a second chain next to the new one.
      if (schedule === this.schedule) owner.rearmRefresh();
    });
  }

  /** Disarms, and ends a refresh in flight's chain. */
  stop(): void {
    this.schedule++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The agent stopped for good: stop, remembering whether a session was kept alive (`hadSession`: a login gave a csrf). */
  halt(hadSession: boolean): void {
    this.halted = this.halted || this.timer !== undefined || hadSession;
    this.stop();
  }
}

function fireRefresh(schedule: RefreshSchedule): void {
  schedule.fire();
}
