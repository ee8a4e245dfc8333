// The class and the interface below merge on purpose: the interface types the generated request methods.
/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging */
import { randomUUID } from 'crypto';
import type WebSocket from 'ws';
import { TypedEmitter } from './emitter';
import { DEFAULTS, validateConfig, type AgentConfig } from './config';
import { SDKError, SERVICES } from './errors';
import { HttpClient } from './http';
import { DomainsClient, type DomainsCache, type Domains } from './domains';
import { login, refresh } from './auth/login';
import type { CookieJar } from './auth/cookies';
import { Transport } from './transport';
import { REQUESTS, REQUEST_NAMES, type RequestName, type RequestSpec } from './requests/table';
import { PendingRequests, type PendingOptions, type Settle } from './requests/pending';
import { SessionMemory } from './requests/memory';
import { IncomingRouter } from './incoming';
import type { Identity } from './identity';
import { delayFor, needsNewToken, retryPolicyOf, type RetryPolicy } from './reconnect';
import { bindRequestMethods, createPromiseApi, type PromiseApi, type RequestMethods, type RequestPort } from './api';
import type { AgentEventMap } from './events';
import type { EventContext } from './types';
import { Observer, type AgentStats } from './observe';

type Callback = (err: any, result?: any) => void;

/** Outcome of one step of a connection flow: an error, or null. `CANCELLED` when dispose intervened. */
const CANCELLED = new SDKError('the agent was disposed while connecting');

/**
 * A LivePerson messaging agent: logs in, keeps one websocket to the messaging service, sends
 * the sixteen requests and emits what the service sends, rewritten as the JavaScript SDK did.
 */
export class Agent extends TypedEmitter<AgentEventMap> {
  readonly conf: AgentConfig;
  readonly accountId: string;
  /** True while the socket is open; undefined until the first socket opens or closes, as in the original. */
  connected: boolean | undefined;
  /** The bearer token, set after a login that returned a csrf (not with `token` auth). */
  token: string | undefined;
  csrf: string | undefined;
  jar: CookieJar | undefined;
  userId: string | undefined;
  /** ms between periodic session refreshes: `conf.refreshSessionInterval` or 600000; read at each scheduling. */
  refreshSessionInterval: number;
  /**
   * ms a request may wait for its answer, and how often that is checked: from the conf (or
   * 10000 and 1000) when the first socket is made, as the original set them; read at each request.
   */
  requestTimeout: number | undefined;
  errorCheckInterval: number | undefined;
  /**
   * The domain lookup, as the original exposed it (its sample bots call `csdsClient.getAll(cb)`
   * to find other services' hosts): `cb(err, {service: host})`, cached 60 s like connect's.
   * `cache` is that cache, with node-cache's get/set/has/del/keys/flushAll.
   */
  readonly csdsClient: { getAll(callback: (err: SDKError | null, domains?: Domains) => void): void; readonly cache: DomainsCache };

  private readonly me: Identity;
  private readonly http: HttpClient;
  private readonly domainsClient: DomainsClient;
  private readonly pending: PendingRequests;
  private readonly memory = new SessionMemory();
  private readonly incoming: IncomingRouter;
  private readonly port: RequestPort;
  private promiseApi: PromiseApi | undefined;
  private readonly retry: RetryPolicy | undefined;
  private transport: Transport | undefined;
  /** Where the socket last went, so `reconnect(true)` can reopen it with the same token. */
  private socketTarget: { host: string; token: string } | undefined;
  /** Bumped by dispose: a flow that started under an older epoch stops at its next step. */
  private epoch = 0;
  private flow: Promise<SDKError | null> | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryAttempt = 0;
  private lastSocketError: SDKError | undefined;
  /** Statistics and logging: the hooks below call it at each point of interest. */
  private readonly observe: Observer;

  constructor(conf: AgentConfig) {
    super();
    validateConfig(conf);
    if (!Object.prototype.hasOwnProperty.call(conf, 'refreshSessionToken')) conf.refreshSessionToken = true;
    this.refreshSessionInterval = conf.refreshSessionInterval || DEFAULTS.refreshSessionInterval;
    this.conf = conf;
    this.accountId = conf.accountId;
    this.me = { accountId: conf.accountId, agentId: undefined, oldAgentId: undefined };
    this.observe = new Observer(conf, this.me);
    this.http = new HttpClient(conf);
    this.domainsClient = new DomainsClient(this.http, conf.csdsDomain || DEFAULTS.csdsDomain, conf.accountId);
    this.retry = retryPolicyOf(conf.autoReconnect);
    // The two settings are read when used, so a bot that changes agent.requestTimeout is obeyed, as in the original.
    const pendingOptions = {
      timeoutError: () => new SDKError('Request has timed out', null, SERVICES.MESSAGING),
      onCallbackError: (thrown: unknown) => this.reportError(thrown, { location: 'Callback' }),
      onSettled: this.observe.stats.settled.bind(this.observe.stats),
    };
    this.pending = new PendingRequests(
      Object.defineProperties(pendingOptions, {
        timeout: { get: () => this.requestTimeout || DEFAULTS.requestTimeout },
        checkInterval: { get: () => this.errorCheckInterval || DEFAULTS.errorCheckInterval },
      }) as PendingOptions,
    );
    this.incoming = new IncomingRouter(this, (err, context) => this.reportError(err, context), this.me, this.pending, this.memory, this.observe);
    const port: RequestPort = (this.port = {
      send: (name, body, headers, metadata, encodedMetadata, settle, timeout) => this.send(name, body, headers, metadata, encodedMetadata, settle, timeout),
      cancel: (id: string, reason: unknown) => this.pending.settle(id, reason),
    });
    this.csdsClient = {
      getAll: (callback) => {
        void this.domainsClient.getAll().then(([err, domains]) => this.invoke(callback as Callback, err, domains));
      },
      // The original's node-cache instance was reachable here; `cache.flushAll()` forces a new lookup.
      cache: this.domainsClient.cache,
    };
    bindRequestMethods(this, port);
    this.connect(() => undefined);
  }

  /** Calls that return promises instead of taking callbacks; made on first use, since most bots never touch them. */
  get promises(): PromiseApi {
    return (this.promiseApi ??= createPromiseApi(this, this.port));
  }

  /** The agent's PID (login `config.userPid`). */
  get agentId(): string | undefined {
    return this.me.agentId;
  }
  set agentId(value: string | undefined) {
    this.me.agentId = value;
  }

  /** `{accountId}.{userId}`, the id the messaging service uses for this agent. */
  get __oldAgentId(): string | undefined {
    return this.me.oldAgentId;
  }
  set __oldAgentId(value: string | undefined) {
    this.me.oldAgentId = value;
  }

  /** Requests sent and still waiting for their response. */
  get pendingRequestCount(): number {
    return this.pending.size;
  }

  /**
   * Counters since the agent was made: requests by method and outcome, pending now,
   * notifications by type, errors by location, connection time, reconnects by cause and
   * request latency percentiles over a sliding window. Always kept; a snapshot, cheap to take.
   */
  stats(): AgentStats {
    return this.observe.snapshot(this.pending.size);
  }

  /** The waiting requests as the original exposed them (a copy): id → `{callback, launchTime, timeout}`. */
  get pendingRequests(): Record<string, { callback: (err: any, body?: any) => void; launchTime: number; timeout: number }> {
    return this.pending.snapshot();
  }

  // ---------------------------------------------------------------- public lifecycle

  /**
   * Looks up the domains, logs in and opens the socket; `callback(null)` once the socket is
   * being opened. While a connection exists or is being made, joins it instead of opening a second.
   */
  connect(callback?: Callback): void {
    if (this.transport) {
      this.invoke(callback, null);
      return;
    }
    // The bot's connect takes the place of a scheduled automatic attempt, as reconnect() does.
    this.cancelRetry();
    this.runFlow(() => this.connectFlow()).then((err) => this.invoke(callback, err));
  }

  /** Reopens the socket; with `skipTokenGeneration` the same token is reused, else the agent logs in again. */
  reconnect(skipTokenGeneration?: boolean): void {
    this.cancelRetry();
    if (this.flow) return;
    this.observe.reconnectRequested();
    if (skipTokenGeneration) {
      if (this.socketTarget) this.openSocket(this.socketTarget.host, this.socketTarget.token);
      return;
    }
    void this.runFlow(() => this.reconnectFlow());
  }

  /** Prolongs the session (and so the bearer token); on 401 logs in again and reopens the socket. */
  refreshSession(callback?: Callback): void {
    const missing = !this.csrf || !this.jar;
    const precheck = missing
      ? new SDKError('CSRF and JAR are not defined for this agent. Please reconnect with bearer token.', null, SERVICES.LOGIN)
      : null;
    this.status(precheck, 'RefreshSession#Precheck');
    if (precheck) {
      this.invoke(callback, precheck);
      return;
    }
    this.refreshFlow().then((err) => this.invoke(callback, err));
  }

  /** Refreshes the session every `refreshSessionInterval`, each run after the previous ends. */
  startPeriodicRefreshSession(): void {
    this.clearRefreshTimer();
    const epoch = this.epoch;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refreshSession(() => {
        if (epoch === this.epoch) this.startPeriodicRefreshSession();
      });
    }, this.refreshSessionInterval);
  }

  getBearerToken(): string | undefined {
    return this.token;
  }

  /**
   * Closes the socket, stops every timer, answers pending requests with a timeout error and
   * removes all listeners. An in-flight connect is cancelled; `connect()` starts afresh.
   */
  dispose(): void {
    this.epoch++;
    this.flow = undefined;
    this.clearRefreshTimer();
    this.cancelRetry();
    this.retryAttempt = 0;
    this.closeSocket();
    this.socketTarget = undefined;
    this.pending.failAll();
    this.memory.clear();
    this.http.dispose();
    this.removeAllListeners();
    this.connected = false;
    this.observe.disposed();
  }

  // ---------------------------------------------------------------- requests

  /** The one path every request takes, callback and promise alike. */
  private send(
    name: RequestName,
    body: unknown,
    headers: unknown,
    metadata: unknown,
    encodedMetadata: unknown,
    settle: Settle | undefined,
    timeout?: number,
  ): string | undefined {
    const spec: RequestSpec = REQUESTS[name];
    let type = spec.type;
    let wireBody: unknown = body;
    if (spec.rewrite) ({ type, body: wireBody } = spec.rewrite({ type, body }, this.me));
    if (!this.connected || !this.transport) {
      this.observe.refused(name);
      if (settle) settle(new SDKError('socket not connected', null, SERVICES.MESSAGING));
      return undefined;
    }
    const id = randomUUID();
    const frame = { kind: 'req', id, type, body: wireBody || {}, headers, metadata, encodedMetadata };
    const track = this.retry?.restoreSubscriptions && SessionMemory.tracks(name) ? this.remembering(name, body, settle) : settle;
    const counts = this.observe.sent(name, frame);
    if (track) this.pending.add(id, track, timeout, counts);
    this.transport.send(frame);
    this.emit('message:sent', frame);
    return id;
  }

  /** Wraps a callback so a successful set-up request is remembered for auto-reconnect. */
  private remembering(name: RequestName, body: unknown, settle: Settle | undefined): Settle {
    return (err, response) => {
      if (!err) this.memory.record(name, body, response);
      settle?.(err, response);
    };
  }

  /** Replays what the bot had set up, after an automatic reconnect. Failures surface as `error`. */
  private restoreSession(): void {
    for (const { name, body } of this.memory.takeReplays()) {
      this.send(name, body, undefined, undefined, undefined, (err) => {
        if (err) this.reportError(err, { location: 'AutoReconnect' });
      });
    }
  }

  // ---------------------------------------------------------------- flows

  /** Runs one connection flow at a time; concurrent callers share its outcome. */
  private runFlow(flow: () => Promise<SDKError | null>): Promise<SDKError | null> {
    if (this.flow) return this.flow;
    const epoch = this.epoch;
    const running = flow().then(
      (err) => err,
      (thrown) => new SDKError(String(thrown), null, null, thrown),
    );
    this.flow = running;
    void running.then((err) => {
      if (epoch !== this.epoch) return;
      if (this.flow === running) this.flow = undefined;
      if (err && err !== CANCELLED) this.scheduleRetry({ error: err });
    });
    return running;
  }

  private async connectFlow(): Promise<SDKError | null> {
    const epoch = this.epoch;
    const [domainsErr, answer] = await this.fetchDomains('Connect#CSDS');
    if (epoch !== this.epoch) return CANCELLED;
    if (domainsErr) return domainsErr;
    // Only connect merges conf.domains; no domain list at all is treated like an empty one.
    const domains = this.withOverrides(answer ?? {});
    const [loginErr, token] = await this.login(domains);
    if (epoch !== this.epoch) return CANCELLED;
    this.status(loginErr, 'Connect#Login');
    if (loginErr || !token) return loginErr;
    this.initRequestSettings();
    this.openSocket(this.wsHost(domains), token);
    return null;
  }

  private async reconnectFlow(): Promise<SDKError | null> {
    const epoch = this.epoch;
    this.clearRefreshTimer();
    const [domainsErr, domains] = await this.domainsClient.getAll();
    if (epoch !== this.epoch) return CANCELLED;
    const err = domainsErr ?? (domains ? null : new SDKError('could not fetch domains on reconnect', null, SERVICES.DOMAIN_NAMES));
    this.status(err, 'Reconnect#CSDS');
    if (err || !domains) return err;
    // The original's reconnect used the CSDS answer as it came, without conf.domains.
    return this.reloginAndReopen(domains, 'Reconnect#Relogin#WS', epoch);
  }

  private async refreshFlow(): Promise<SDKError | null> {
    const epoch = this.epoch;
    const [domainsErr, domains] = await this.fetchDomains('RefreshSession#CSDS');
    if (epoch !== this.epoch) return CANCELLED;
    if (domainsErr) return domainsErr;
    // An empty answer made the original throw a TypeError; we report what connect reports.
    if (!domains || Object.keys(domains).length === 0) {
      const err = new SDKError('could not fetch domains', null, SERVICES.DOMAIN_NAMES);
      this.status(err, 'RefreshSession#REST');
      return err;
    }
    // Like the original: the CSDS answer without conf.domains, and no check that agentVep is
    // among the services (without it the call goes to host "undefined" and fails there).
    const err = await refresh(this.http, domains.agentVep, this.accountId, this.csrf as string, this.jar as CookieJar);
    if (epoch !== this.epoch) return CANCELLED;
    // A 401 is answered by logging in again, so it is not reported as this step's failure.
    if (err && err.code === 401) return this.reloginAndReopen(domains, 'RefreshSession#Relogin#WS', epoch);
    this.status(err, 'RefreshSession#REST');
    return err;
  }

  private async reloginAndReopen(domains: Domains, location: string, epoch: number): Promise<SDKError | null> {
    const [err, token] = await this.login(domains);
    if (epoch !== this.epoch) return CANCELLED;
    // The original reopened its existing transport with the new token (same host), and built
    // one from these domains only when there was none (after dispose).
    if (!err && token) {
      if (!this.socketTarget) this.initRequestSettings();
      this.openSocket(this.socketTarget ? this.socketTarget.host : this.wsHost(domains), token);
    }
    this.status(err, location);
    return err;
  }

  /** CSDS, reporting `success`/`error` at `location`; undefined domains for an answer without a list. */
  private async fetchDomains(location: string): Promise<[SDKError | null, Domains | undefined]> {
    const epoch = this.epoch;
    const [err, domains] = await this.domainsClient.getAll();
    // Disposed meanwhile (dispose also aborts the call): report nothing.
    if (epoch !== this.epoch) return [CANCELLED, undefined];
    this.status(err, location);
    return [err, err ? undefined : domains];
  }

  private withOverrides(domains: Domains): Domains {
    return Object.assign(domains, this.conf.domains);
  }

  private wsHost(domains: Domains): string {
    const type = this.conf.wsDomainType;
    return type && domains[type] ? domains[type] : domains.facadeMsg;
  }

  /** Gets a token: from the configuration, or by logging in. Sets the identity either way. */
  private async login(domains: Domains): Promise<[SDKError | null, string | undefined]> {
    if (!domains.agentVep) return [new SDKError('could not fetch domains', null, SERVICES.DOMAIN_NAMES), undefined];
    const conf = this.conf;
    if (conf.token) {
      this.userId = conf.userId;
      this.__oldAgentId = `${conf.accountId}.${conf.userId}`;
      return [null, conf.token];
    }
    const epoch = this.epoch;
    const [err, { data, jar }] = await login(this.http, domains.agentVep, conf);
    // Disposed meanwhile: keep no session and start no refresh timer.
    if (epoch !== this.epoch) return [CANCELLED, undefined];
    if (err) return [err, undefined];
    const config = data && data.config;
    this.agentId = config && config.userPid;
    this.userId = config && config.userId;
    if (this.userId === undefined) {
      return [new SDKError('invalid login state, userId is undefined', null, SERVICES.LOGIN), undefined];
    }
    this.__oldAgentId = `${conf.accountId}.${this.userId}`;
    // A JSON `null` answer gets here (its userId is null, not undefined), so `data` is checked.
    if (data && data.csrf) {
      this.jar = jar;
      this.csrf = data.csrf;
      this.token = data.bearer;
      if (conf.refreshSessionToken) this.startPeriodicRefreshSession();
    }
    if (!(data && data.bearer)) return [new SDKError('could not generate token', null, SERVICES.LOGIN), undefined];
    return [null, data.bearer];
  }

  // ---------------------------------------------------------------- socket

  /** Where the original built a new socket (its `_init`), it took these two from the conf again. */
  private initRequestSettings(): void {
    this.requestTimeout = this.conf.requestTimeout || DEFAULTS.requestTimeout;
    this.errorCheckInterval = this.conf.errorCheckInterval || DEFAULTS.errorCheckInterval;
  }

  private openSocket(host: string, token: string): void {
    this.closeSocket();
    this.socketTarget = { host, token };
    const conf = this.conf;
    const url = `wss://${host}/ws_api/account/${conf.accountId}/messaging/brand/${token}?v=${conf.apiVersion ?? DEFAULTS.apiVersion}`;
    const options: WebSocket.ClientOptions = {
      ...(conf as WebSocket.ClientOptions),
      handshakeTimeout: conf.handshakeTimeout ?? DEFAULTS.handshakeTimeout,
      agent: conf.agent ?? this.http.agent,
    };
    const heartbeat = { interval: conf.pingInterval ?? DEFAULTS.pingInterval, pongTimeout: conf.pongTimeout ?? DEFAULTS.pongTimeout };
    this.lastSocketError = undefined;
    const transport: Transport = new Transport(url, options, heartbeat, {
      open: () => this.onOpen(),
      message: (data) => this.incoming.onFrame(data),
      close: (code) => this.onClose(transport, code),
      error: (err) => this.onSocketError(err),
    });
    this.transport = transport;
  }

  private onOpen(): void {
    this.connected = true;
    const wasRetrying = this.retryAttempt > 0;
    const attempts = this.retryAttempt;
    this.retryAttempt = 0;
    this.observe.opened(attempts);
    this.emit('connected', { connected: true, ts: Date.now() });
    if (wasRetrying) {
      this.emit('reconnected', { attempts });
      if (this.retry?.restoreSubscriptions) this.restoreSession();
    }
  }

  private onClose(transport: Transport, code: number): void {
    if (this.transport === transport) this.transport = undefined;
    this.connected = false;
    this.pending.failAll();
    this.observe.closed(code);
    this.emit('closed', code);
    const error = this.lastSocketError;
    this.scheduleRetry(error ? { code, error } : { code });
  }

  private onSocketError(err: Error): void {
    const code = err.message && err.message.includes('401') ? 401 : null;
    this.lastSocketError = new SDKError(`Error on WS connection: ${err.message}`, code, SERVICES.MESSAGING, err);
    this.reportError(this.lastSocketError);
  }

  /**
   * Closes the current socket silently and fails what was waiting on it. The callbacks run on
   * the next tick, after the bot's `dispose()`/`reconnect()` returns: the original failed them
   * when the closed socket's `close` event came.
   */
  private closeSocket(): void {
    if (!this.transport) return;
    this.transport.close();
    this.transport = undefined;
    this.connected = false;
    this.observe.closed();
    this.pending.failAll({ soon: true });
  }

  // ---------------------------------------------------------------- auto-reconnect

  /** Every automatic reconnect decision is made here. */
  private scheduleRetry(reason: { code?: number; error?: SDKError }): void {
    const policy = this.retry;
    if (!policy || this.retryTimer || this.flow || this.transport) return;
    if (this.retryAttempt >= policy.maxAttempts) {
      const attempts = this.retryAttempt;
      this.retryAttempt = 0;
      this.reportError(new SDKError(`could not reconnect after ${attempts} attempts`, reason.error?.code ?? reason.code ?? null, SERVICES.MESSAGING, reason.error), {
        location: 'AutoReconnect',
      });
      return;
    }
    this.retryAttempt++;
    const attempt = this.retryAttempt;
    const delay = delayFor(policy, attempt);
    // A failed flow (no close code: CSDS or login failed) got no token, so the next attempt logs in again too.
    const regenerateToken = needsNewToken(reason) || !this.socketTarget || reason.code === undefined;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (regenerateToken) void this.runFlow(() => (this.socketTarget ? this.reconnectFlow() : this.connectFlow()));
      else if (this.socketTarget) this.openSocket(this.socketTarget.host, this.socketTarget.token);
    }, delay);
    this.observe.reconnecting(attempt, delay, reason);
    // Armed before the event, so a listener's dispose(), reconnect() or connect() cancels it.
    this.emit('reconnecting', { attempt, delay, reason, regenerateToken });
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private clearRefreshTimer(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  // ---------------------------------------------------------------- events

  private status(err: unknown, location: string): void {
    if (err) this.reportError(err, { location });
    else {
      this.observe.step(location);
      this.emit('success', { location });
    }
  }

  /**
   * Emits `error`. Unlike Node's EventEmitter, an `error` nobody listens to does not crash
   * the process: it is printed once as a process warning instead.
   */
  private reportError(err: unknown, context?: EventContext): void {
    this.observe.error(err, context?.location);
    try {
      if (this.listenerCount('error') === 0) {
        process.emitWarning(`node-agent-sdk: unhandled 'error' event: ${(err as Error)?.message ?? String(err)}`, { code: 'NODE_AGENT_SDK_UNHANDLED_ERROR' });
      } else if (context) this.emit('error', err, context);
      else this.emit('error', err);
    } catch (thrown) {
      process.emitWarning(`node-agent-sdk: an 'error' listener threw: ${(thrown as Error)?.message ?? String(thrown)}`, { code: 'NODE_AGENT_SDK_LISTENER_THREW' });
    }
  }

  /** Calls a user callback outside our control flow; what it throws becomes an `error` event. */
  private invoke(callback: Callback | undefined, err: SDKError | null, result?: unknown): void {
    if (typeof callback !== 'function') return;
    try {
      if (result !== undefined) callback(err, result);
      else callback(err === CANCELLED ? new SDKError('the agent was disposed', null, null) : err);
    } catch (thrown) {
      this.reportError(thrown, { location: 'Callback' });
    }
  }
}

// The request methods are own properties created from the table; this declares their types.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Agent extends RequestMethods {}

export { REQUEST_NAMES };
