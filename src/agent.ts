// The class and the interface below merge on purpose: the interface types the generated request methods.
/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging */
import { inspect } from 'util';
import type WebSocket from 'ws';
import { TypedEmitter } from './emitter';
import { resolveConfig } from './config';
import type { AgentConfig, ResolvedConfig } from './config';
import { requestTimeoutError, ResponseError, SDKError, SERVICES } from './errors';
import { HttpClient } from './http';
import type { DomainsCache, Domains } from './domains';
import { CANCELLED, RefreshSchedule, Session } from './session';
import type { RefreshOwner, SessionHooks } from './session';
import type { CookieJar } from './auth/cookies';
import type { Transport } from './transport';
import { SocketLifecycle } from './socket';
import type { SocketEvents } from './socket';
import { REQUEST_NAMES } from './requests/table';
import { PendingRequests } from './requests/pending';
import type { PendingOptions, Settle } from './requests/pending';
import type { RequestName } from './requests/table';
import { SessionMemory } from './requests/memory';
import { IncomingRouter } from './incoming';
import { OutgoingRequests } from './outgoing';
import type { RequestLink } from './outgoing';
import type { Identity } from './identity';
import { RetryScheduler } from './retry';
import type { RetryAttempt, RetryOwner } from './retry';
import { redactedConf, redactError, redactText, secretsOf } from './redact';
import { bindRequestMethods, createPromiseApi } from './api';
import type { PromiseAgent, PromiseApi, RequestError, RequestMethods, RequestPort } from './api';
import type { AgentEventMap } from './events';
import type { ErrorResponse, EventContext } from './types';
import { Observer } from './observe';
import type { AgentStats } from './observe';

/** `callback(err)` of the session methods (`connect`, `refreshSession`): err is null on success. */
export type Callback = (err: SDKError | null) => void;

/** What the agent calls back internally: a session callback, or a lookup's `(err, result)`. */
type AnyCallback = (err: SDKError | null, result?: unknown) => void;

/** The events whose listeners may throw without stopping the flow that emitted them. */
type LifecycleEvent = 'connected' | 'closed' | 'success' | 'reconnecting' | 'reconnected';

/**
 * A LivePerson messaging agent: logs in, keeps one websocket to the messaging service, sends
 * the sixteen requests and emits what the service sends, rewritten as the JavaScript SDK did.
 *
 * The class is the public facade. It wires three parts and emits what they report: the
 * session (CSDS, login, token provider, refresh: it answers where the socket goes and with which
 * token), the socket lifecycle (open, heartbeat, replace, close) and auto-reconnect (every
 * decision of what a lost connection means and when the next attempt runs).
 *
 * Constructing an Agent has side effects, as the original's constructor had:
 * - the options are checked (a bad one throws `InvalidOptionError`; a name that looks misspelt
 *   gives one process warning);
 * - when the bot's conf has no own `refreshSessionToken`, the constructor writes
 *   `conf.refreshSessionToken = true` into that object (the bot's own, not a copy);
 * - it starts connecting at once (CSDS, login, socket), so listeners added right after
 *   `new Agent(conf)`, in the same tick, see every event; a `connect()` meanwhile joins that
 *   attempt instead of starting a second;
 * - from then on it holds a socket and timers until `dispose()`, or until its socket closed
 *   for good with no automatic reconnect to follow.
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
   * to find other services' hosts): `cb(err, {service: host})`, cached 60 s like connect's;
   * called back synchronously when the answer is cached, after the lookup otherwise.
   * `cache` is that cache, with node-cache's get/set/has/del/keys/flushAll.
   */
  readonly csdsClient: {
    /** `callback(err, {service: host})`. */
    getAll(callback: (err: SDKError | null, domains?: Domains) => void): void;
    /** The lookup's cache. */
    readonly cache: DomainsCache;
  };

  /** Every option after defaults and validation, resolved once by the constructor. */
  private readonly settings: ResolvedConfig;
  /** Secrets of the conf (credentials, a proxy password), searched for in every error text. */
  private readonly confSecrets: string[];
  private readonly me: Identity;
  private readonly http: HttpClient;
  /** CSDS, login, refresh and tokens: answers where the socket goes and with which token. */
  private readonly session: Session;
  private readonly pending: PendingRequests;
  private readonly memory = new SessionMemory();
  private readonly incoming: IncomingRouter;
  /** Requests out: frames, tracking, and the replay after an automatic reconnect. */
  private readonly outgoing: OutgoingRequests;
  private readonly wiring: InstanceType<typeof Agent.Wiring>;
  private promiseApi: PromiseApi | undefined;
  /** Auto-reconnect: decides what a lost connection means and arms the next attempt. */
  private readonly retries: RetryScheduler;
  /** The messaging socket: opens, replaces and closes it. */
  private readonly socket: SocketLifecycle;
  /** Bumped by dispose: a flow that started under an older epoch stops at its next step. */
  private epoch = 0;
  private flow: Promise<SDKError | null> | undefined;
  /** The periodic session refresh. */
  private readonly refreshes = new RefreshSchedule();
  /** Statistics and logging: the hooks below call it at each point of interest. */
  private readonly observe: Observer;

  /** The original's CSDS client: a class whose `getAll` is a prototype method, so no closure per agent. */
  private static readonly CsdsClient = class CsdsClient {
    // The original's node-cache instance was reachable here; `cache.flushAll()` forces a new lookup.
    readonly cache: DomainsCache;
    readonly #agent: Agent;
    constructor(agent: Agent) {
      this.#agent = agent;
      this.cache = agent.session.domains.cache;
    }
    getAll(callback: (err: SDKError | null, domains?: Domains) => void): void {
      // Like the original: a cache hit calls back before getAll returns (its agent-survey sample
      // uses what the callback built on the very next line), a miss calls back after the lookup.
      const agent = this.#agent;
      const cached = agent.session.domains.cached();
      if (cached) agent.invoke(callback as AnyCallback, null, cached);
      else void agent.session.domains.getAll().then(([err, domains]) => agent.invoke(callback as AnyCallback, err, domains));
    }
  };

  /**
   * The one object through which the parts call back into their agent: methods on a prototype,
   * so an agent pays for one small object rather than a closure per hook. Declared inside the
   * class because it uses the agent's private members.
   */
  private static readonly Wiring = class Wiring implements SessionHooks, SocketEvents, RetryOwner, RequestLink, PendingOptions, RequestPort, RefreshOwner {
    constructor(private readonly agent: Agent) {}
    // Pending requests. The two settings are read when used, so a bot that changes
    // agent.requestTimeout is obeyed, as in the original.
    get timeout(): number {
      return this.agent.requestTimeout || this.agent.settings.requestTimeout;
    }
    get checkInterval(): number {
      return this.agent.errorCheckInterval || this.agent.settings.errorCheckInterval;
    }
    get outcomes(): PendingOptions['outcomes'] {
      return this.agent.observe.stats;
    }
    timeoutError(): unknown {
      return requestTimeoutError();
    }
    onCallbackError(thrown: unknown): void {
      this.agent.reportError(thrown, { location: 'Callback' });
    }
    // Request methods and agent.promises
    send(name: RequestName, body: unknown, headers: unknown, metadata: unknown, encodedMetadata: unknown, settle?: Settle, timeout?: number): string | undefined {
      return this.agent.outgoing.send(name, body, headers, metadata, encodedMetadata, settle, timeout);
    }
    cancel(id: string, reason: unknown): boolean {
      return this.agent.pending.settle(id, reason);
    }
    opening(): boolean {
      return !!this.agent.transport && !this.agent.connected;
    }

    // Session
    epoch(): number {
      return this.agent.epoch;
    }
    outcome(err: SDKError | null, location: string): void {
      this.agent.emitOutcome(err, location);
    }
    startRefresh(): void {
      this.agent.startPeriodicRefreshSession();
    }
    // Periodic refresh
    refreshSession(done: () => void): void {
      this.agent.refreshSession(done);
    }
    rearmRefresh(): void {
      this.agent.startPeriodicRefreshSession();
    }

    // Socket
    open(): void {
      this.agent.onOpen();
    }
    get frames(): (data: WebSocket.RawData) => void {
      return this.agent.incoming.frames;
    }
    closed(code: number, error: SDKError | undefined): void {
      this.agent.onClose(code, error);
    }
    error(err: SDKError): void {
      this.agent.reportError(err);
    }
    cut(): void {
      this.agent.onCut();
    }
    replacedClosed(code: number): void {
      this.agent.emitSafely('closed', code);
    }
    redact<E>(err: E): E {
      return this.agent.redact(err);
    }

    // Auto-reconnect
    busy(): boolean {
      return !!this.agent.transport || !!this.agent.flow;
    }
    hasTarget(): boolean {
      return !!this.agent.socket.target;
    }
    loginRefused(): number | undefined {
      return this.agent.session.loginRefused;
    }
    relogin(): void {
      const agent = this.agent;
      void agent.runFlow(() => (agent.socket.target ? agent.reconnectFlow() : agent.connectFlow()));
    }
    reopen(): void {
      this.agent.reopenSocket('AutoReconnect');
    }
    reconnecting(event: RetryAttempt): void {
      this.agent.observe.reconnecting(event.attempt, event.delay, event.reason);
      this.agent.emitSafely('reconnecting', event);
    }
    stopped(err?: SDKError): void {
      // Auto-reconnect gave up: the error says why.
      if (err) this.agent.reportError(err, { location: 'AutoReconnect' });
      this.agent.stopForGood();
    }

    // Requests
    transport(): Transport | null | undefined {
      return this.agent.transport;
    }
    connected(): boolean | undefined {
      return this.agent.connected;
    }
    restores(): boolean {
      return !!this.agent.settings.retry?.restoreSubscriptions;
    }
    report(err: unknown, context?: EventContext): void {
      this.agent.reportError(err, context);
    }
  };

  constructor(conf: AgentConfig) {
    super();
    const settings = (this.settings = resolveConfig(conf));
    if (!Object.prototype.hasOwnProperty.call(conf, 'refreshSessionToken')) conf.refreshSessionToken = true;
    this.refreshSessionInterval = settings.refreshSessionInterval;
    this.conf = conf;
    this.confSecrets = secretsOf(conf, settings.proxy);
    this.accountId = conf.accountId;
    this.me = { accountId: conf.accountId, agentId: undefined, oldAgentId: undefined };
    this.observe = new Observer(settings.log, this.me, this.secrets.bind(this));
    this.http = new HttpClient({ ca: conf.ca, httpTimeout: settings.httpTimeout, proxy: settings.proxy });
    const wiring = new Agent.Wiring(this);
    this.session = new Session(this, conf, settings, this.http, wiring);
    this.retries = new RetryScheduler(settings, conf.accountId, wiring);
    this.socket = new SocketLifecycle(conf, settings, this.http, wiring);
    this.pending = new PendingRequests(wiring);
    this.incoming = new IncomingRouter(this, this.reportError.bind(this), this.me, this.pending, this.memory, this.observe);
    this.outgoing = new OutgoingRequests(this, this.me, this.pending, this.memory, this.observe, wiring);
    this.wiring = wiring;
    this.csdsClient = new Agent.CsdsClient(this);
    // Bound to the sending path itself: no forwarding layer on every request.
    bindRequestMethods(this, this.outgoing);
    this.connect(() => undefined);
  }

  /** The socket's transport, where the original kept `agent.transport`: undefined before the first socket, null after dispose. */
  private get transport(): Transport | null | undefined {
    return this.socket.current;
  }

  /** Calls that return promises instead of taking callbacks; made on first use, since most bots never touch them. */
  get promises(): PromiseApi {
    return (this.promiseApi ??= createPromiseApi(this as unknown as PromiseAgent, this.wiring));
  }

  /** The agent's PID (login `config.userPid`). */
  get agentId(): string | undefined {
    return this.me.agentId;
  }
  /** Settable, as in the original. */
  set agentId(value: string | undefined) {
    this.me.agentId = value;
  }

  /** `{accountId}.{userId}`, the id the messaging service uses for this agent. */
  get __oldAgentId(): string | undefined {
    return this.me.oldAgentId;
  }
  /** Settable, as in the original. */
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
    return this.observe.snapshot(this.pending.size, this.pending.waitingByTag());
  }

  /** The waiting requests as the original exposed them (a copy): id → `{callback, launchTime, timeout}`. */
  get pendingRequests(): Record<string, {
    /** The request's callback. */
    callback: (err: RequestError | null, body?: unknown) => void;
    /** When it was sent (ms since the epoch). */
    launchTime: number;
    /** How long it may wait (ms). */
    timeout: number;
  }> {
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
    this.retries.cancel();
    this.runFlow(() => this.connectFlow()).then((err) => this.invoke(callback, err));
  }

  /** Reopens the socket; with `skipTokenGeneration` the same token is reused, else the agent logs in again. */
  reconnect(skipTokenGeneration?: boolean): void {
    this.retries.cancel();
    if (this.flow) return;
    this.observe.reconnectRequested();
    if (skipTokenGeneration) {
      if (this.socket.target) this.reopenSocket('Reconnect#WS');
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
    this.emitOutcome(precheck, 'RefreshSession#Precheck');
    if (precheck) {
      this.invoke(callback, precheck);
      return;
    }
    this.refreshFlow().then((err) => this.invoke(callback, err));
  }

  /** Refreshes the session every `refreshSessionInterval`, each run after the previous ends. */
  startPeriodicRefreshSession(): void {
    this.refreshes.start(this.refreshSessionInterval, this.wiring);
  }

  /** The bearer of the current session (`agent.token`). */
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
    this.refreshes.stop();
    this.retries.reset();
    // As the original left it: agent.transport null, where it was undefined before the first socket.
    this.socket.dispose();
    this.pending.failAll();
    this.memory.clear();
    this.http.dispose();
    this.removeAllListeners();
    this.connected = false;
    this.observe.disposed();
  }

  // ---------------------------------------------------------------- flows

  /** Runs one connection flow at a time; concurrent callers share its outcome. */
  private runFlow(flow: () => Promise<SDKError | null>): Promise<SDKError | null> {
    if (this.flow) return this.flow;
    const epoch = this.epoch;
    // Nothing in a flow should throw; if something does, it is still an error with a location.
    const running = flow().then(
      (err) => err,
      (thrown) => {
        const err = new SDKError(String(thrown), null, null, thrown);
        if (epoch === this.epoch) this.reportError(err, { location: 'Connect' });
        return err;
      },
    );
    this.flow = running;
    void running.then((err) => {
      if (epoch !== this.epoch) return;
      if (this.flow === running) this.flow = undefined;
      if (err && err !== CANCELLED) this.retries.schedule({ error: err });
    });
    return running;
  }

  private async connectFlow(): Promise<SDKError | null> {
    const [err, target] = await this.session.forConnect();
    if (err || !target) return err;
    this.initRequestSettings();
    const socketErr = this.socket.open(target);
    if (socketErr) this.reportError(socketErr, { location: 'Connect#WS' });
    return socketErr;
  }

  private async reconnectFlow(): Promise<SDKError | null> {
    const epoch = this.epoch;
    this.refreshes.stop();
    const [err, domains] = await this.session.forReconnect();
    if (err || !domains) return err;
    return this.reloginAndReopen(domains, 'Reconnect#Relogin#WS', epoch);
  }

  private async refreshFlow(): Promise<SDKError | null> {
    const epoch = this.epoch;
    const [err, expired] = await this.session.refresh();
    // A 401 is answered by logging in again.
    if (expired) return this.reloginAndReopen(expired, 'RefreshSession#Relogin#WS', epoch);
    return err;
  }

  private async reloginAndReopen(domains: Domains, location: string, epoch: number): Promise<SDKError | null> {
    const [loginErr, token] = await this.session.relogin(domains);
    if (epoch !== this.epoch) return CANCELLED;
    let err = loginErr;
    // The original reopened its existing transport with the new token (same host), and built
    // one from these domains only when there was none (after dispose).
    if (!err && token) {
      const current = this.socket.target;
      if (!current) this.initRequestSettings();
      err = this.socket.open({ host: current ? current.host : this.session.wsHost(domains), token });
    }
    this.emitOutcome(err, location);
    return err;
  }

  // ---------------------------------------------------------------- socket events

  /** Where the original built a new socket (its `_init`), it took these two from the conf again. */
  private initRequestSettings(): void {
    this.requestTimeout = this.settings.requestTimeout;
    this.errorCheckInterval = this.settings.errorCheckInterval;
  }

  /** Reopens the socket with the token it had; a failure to even start is reported at `location` and retried. */
  private reopenSocket(location: string): void {
    const err = this.socket.reopen();
    if (!err) return;
    this.reportError(err, { location });
    this.retries.schedule({ error: err });
  }

  private onOpen(): void {
    this.connected = true;
    // A socket reopened after a final close (which stopped the refresh) keeps its session alive again.
    if (this.refreshes.halted && this.csrf && this.jar && this.conf.refreshSessionToken) this.startPeriodicRefreshSession();
    const attempts = this.retries.opened();
    const wasRetrying = attempts > 0;
    const transport = this.transport;
    this.observe.opened(attempts);
    this.emitSafely('connected', { connected: true, ts: Date.now() });
    if (wasRetrying) {
      this.emitSafely('reconnected', { attempts });
      // A listener may have closed or replaced the socket meanwhile.
      if (this.wiring.restores() && this.transport === transport && this.connected) this.outgoing.restore();
    }
  }

  private onClose(code: number, error: SDKError | undefined): void {
    this.connected = false;
    this.pending.failAll();
    this.observe.closed(code);
    this.emitSafely('closed', code);
    this.retries.schedule(error ? { code, error } : { code });
  }

  /** The agent cut its socket itself: what waited on it fails on the next tick (see SocketLifecycle.close). */
  private onCut(): void {
    this.connected = false;
    this.observe.closed();
    // After the bot's dispose()/reconnect() returns: the original failed them when the closed socket's `close` came.
    this.pending.failAll({ soon: true });
  }

  /** No socket, no flow, no retry: stop the session refresh too, so no timer of the agent stays alive. */
  private stopForGood(): void {
    if (this.transport || this.flow || this.retries.armed) return;
    this.refreshes.halt(this.csrf !== undefined);
  }

  // ---------------------------------------------------------------- events

  /** Emits the outcome of one step of a flow: `error` with its location, or `success`. */
  private emitOutcome(err: unknown, location: string): void {
    if (err) this.reportError(err, { location });
    else {
      this.observe.step(location);
      this.emitSafely('success', { location });
    }
  }

  /**
   * Emits a lifecycle event; what a listener throws becomes an `error` at location `Listener`,
   * and the flow that emitted it goes on (the socket still opens, the retry is still armed).
   */
  private emitSafely(event: LifecycleEvent, payload: unknown): void {
    try {
      this.emit(event, payload as never);
    } catch (thrown) {
      this.reportError(thrown, { location: 'Listener' });
    }
  }

  /** The secrets of this agent now: the conf's, and every token it holds. */
  private secrets(): string[] {
    const held = [this.token, this.csrf, this.session.providedToken, this.socket.target?.token].filter((s): s is string => typeof s === 'string' && s !== '');
    return [...this.confSecrets, ...held];
  }

  /** Removes secrets from an error before anyone sees it (in place; returns it). */
  private redact<E>(err: E): E {
    return redactError(err, this.secrets());
  }

  /**
   * Emits `error`. Unlike Node's EventEmitter, an `error` nobody listens to does not crash
   * the process: it is printed once as a process warning instead.
   */
  private reportError(thrown: unknown, context?: EventContext): void {
    const err = asError(thrown);
    this.redact(err);
    this.observe.error(err, context?.location);
    try {
      if (this.listenerCount('error') === 0) {
        const text = redactText(String((err as Error)?.message ?? err), this.secrets());
        process.emitWarning(`node-agent-sdk: unhandled 'error' event: ${text}`, { code: 'NODE_AGENT_SDK_UNHANDLED_ERROR' });
      } else if (context) this.emit('error', err, context);
      else this.emit('error', err);
    } catch (thrown) {
      process.emitWarning(`node-agent-sdk: an 'error' listener threw: ${(thrown as Error)?.message ?? String(thrown)}`, { code: 'NODE_AGENT_SDK_LISTENER_THREW' });
    }
  }

  /** Calls a user callback outside our control flow; what it throws becomes an `error` event. */
  private invoke(callback: AnyCallback | undefined, err: SDKError | null, result?: unknown): void {
    if (typeof callback !== 'function') return;
    if (err) this.redact(err);
    try {
      if (result !== undefined) callback(err, result);
      else callback(err === CANCELLED ? new SDKError('the agent was disposed', null, null) : err);
    } catch (thrown) {
      this.reportError(thrown, { location: 'Callback' });
    }
  }
}

/**
 * What `error` listeners get is always an Error: a service's error answer (a replay refused
 * after a reconnect) becomes its ResponseError; anything else a callback or listener threw is
 * wrapped, the value kept as `error`.
 */
function asError(thrown: unknown): Error {
  if (thrown instanceof Error) return thrown;
  const frame = thrown as Partial<ErrorResponse> | null;
  if (frame && typeof frame === 'object' && frame.kind === 'resp' && typeof frame.code === 'number') return new ResponseError(frame as ErrorResponse);
  return new SDKError(`a callback or listener threw ${typeof thrown === 'string' ? thrown : inspect(thrown)}`, null, null, thrown);
}

/**
 * What `util.inspect(agent)` (and so `console.log(agent)`) shows: the public state, with the
 * conf's credentials and every token replaced by `***`. Internals that hold secrets are left out.
 */
Object.defineProperty(Agent.prototype, inspect.custom, {
  value(this: Agent, depth: number, options: object, show: typeof inspect = inspect): string {
    const view = {
      accountId: this.accountId,
      agentId: this.agentId,
      userId: this.userId,
      __oldAgentId: this.__oldAgentId,
      connected: this.connected,
      token: this.token === undefined ? undefined : '***',
      csrf: this.csrf === undefined ? undefined : '***',
      pendingRequestCount: this.pendingRequestCount,
      requestTimeout: this.requestTimeout,
      errorCheckInterval: this.errorCheckInterval,
      refreshSessionInterval: this.refreshSessionInterval,
      conf: redactedConf(this.conf),
    };
    return `${this.constructor.name} ${show(view, { ...options, depth: depth < 0 ? 0 : depth })}`;
  },
});

// The request methods are own properties created from the table; this declares their types.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Agent extends RequestMethods {}

export { REQUEST_NAMES };
