import type { Agent as HttpAgent } from 'http';
import type { ClientOptions as WsClientOptions } from 'ws';
import { proxyFromEnv } from './proxy';
import { InvalidOptionError } from './errors';
import { LOG_DEFAULTS, LOG_LEVELS, isLogLevel, isLogger, logSettingsOf } from './observe/log';
import type { LogSettings, Logger, LogLevel } from './observe/log';

/** Options of {@link AutoReconnectOptions}: LivePerson's retry policy, all configurable. */
export interface AutoReconnectOptions {
  /** First wait in ms. Default 5000. */
  initialDelay?: number;
  /** Each wait is the previous × factor. Default 1.25. */
  factor?: number;
  /** No wait is longer than this, in ms. Default 60000. */
  maxDelay?: number;
  /**
   * Attempts before giving up with an `error` at location `AutoReconnect`. Default 35;
   * `Infinity` never gives up (recommended for production bots).
   */
  maxAttempts?: number;
  /** Random spread applied to each wait, as a fraction (0.2 = ±20 %). Default 0.2. */
  jitter?: number;
  /**
   * After reconnecting, replay the subscriptions, agent state and messaging-event queries the
   * bot had made. Set false when the bot redoes them itself on `connected`. Default true.
   */
  restoreSubscriptions?: boolean;
}

/** What a {@link AgentConfig.tokenProvider} resolves with. */
export interface ProvidedToken {
  /** The bearer token for the messaging socket. */
  token: string;
  /** The user id the token belongs to; default `conf.userId`. */
  userId?: string;
}

/** Gives a fresh bearer for `token` auth: at connect and whenever a new token is needed (see {@link AgentConfig.tokenProvider}). */
export type TokenProvider = () => Promise<ProvidedToken>;

/**
 * Configuration of an {@link Agent}. Authenticate with exactly one of: `token` (+ `userId`) or `tokenProvider`,
 * `username` + `password`, `assertion`, or `username` + `appKey` + `secret` + `accessToken` +
 * `accessTokenSecret`. The whole object is also handed to the `ws` client as its options, so
 * `ws`'s client options (`headers`, `perMessageDeflate`, TLS options, …) are accepted and typed as
 * `ws` types them; any other name (a misspelt `autoReconect`) does not compile.
 */
export interface AgentConfig extends WsClientOptions {
  /** LivePerson account (site) id. Required. */
  accountId: string;
  /** Login name of the bot user. */
  username?: string;
  /** Password of the bot user. */
  password?: string;
  /** A bearer token to use instead of logging in; no session refresh is possible with it. */
  token?: string;
  /** The user id (numeric part of the agent id); required with `token` unless `tokenProvider` returns it. */
  userId?: string;
  /**
   * For `token` auth: called for a token at connect (when `token` is not set) and whenever a new
   * one is needed (close codes 4401, 4407, 1011, 1008, a 401, `reconnect()`). It may return the
   * `userId` too. Without it, a refused token stops auto-reconnect. Default none.
   */
  tokenProvider?: TokenProvider;
  /** A SAML assertion to log in with. */
  assertion?: string;
  /** OAuth1 application key (with `username`, `secret`, `accessToken`, `accessTokenSecret`). */
  appKey?: string;
  /** OAuth1 application secret. */
  secret?: string;
  /** OAuth1 access token. */
  accessToken?: string;
  /** OAuth1 access token secret. */
  accessTokenSecret?: string;
  /** Host (optionally `host:port`) of the CSDS domain service. Default `adminlogin.liveperson.net`. */
  csdsDomain?: string;
  /** Service name → host, merged over the CSDS answer. Default none. */
  domains?: Record<string, string>;
  /** CSDS service whose host is used for the websocket instead of `facadeMsg`. Default none. */
  wsDomainType?: string;
  /** Messaging API version put in the socket URL. Default 2.1. */
  apiVersion?: number | string;
  /** A request unanswered this long (ms) fails with `Request has timed out`. Default 10000. */
  requestTimeout?: number;
  /** How often (ms) pending requests are checked for that timeout. Default 1000. */
  errorCheckInterval?: number;
  /** Interval (ms) of the periodic session refresh. Default 600000 (10 minutes). */
  refreshSessionInterval?: number;
  /** Refresh the session periodically after a login that returned a csrf. Default true. */
  refreshSessionToken?: boolean;

  // Additions of this SDK; leaving them unset keeps the JavaScript SDK's behaviour.

  /** Extra CA certificate(s) (PEM) trusted for HTTPS and WSS, e.g. a local emulator's. Default: Node's CAs only. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Timeout (ms) of each HTTP call: CSDS, login, refresh. Default 30000. */
  httpTimeout?: number;
  /**
   * ms from the start of opening the websocket (TCP, TLS, upgrade) until it must be open, else it
   * is cut: `error` "Error on WS connection: Opening handshake has timed out", then `closed` 1006.
   * A deadline, not an idle timer: bytes that keep arriving do not extend it. Default 30000.
   */
  handshakeTimeout?: number;
  /** Interval (ms) of websocket pings. Default 60000. */
  pingInterval?: number;
  /** Close the socket when no pong arrives this long (ms) after a ping; 0 disables. Default 30000. */
  pongTimeout?: number;
  /** Reconnect by itself after an unexpected close or failed connect. Default false. */
  autoReconnect?: boolean | AutoReconnectOptions;
  /** `http://host:port` of a CONNECT proxy for HTTPS and WSS. Default `HTTPS_PROXY`/`https_proxy` when set, else none. */
  proxy?: string;
  /** An `http.Agent` for the websocket (a `ws` option, as in the JavaScript SDK). Default none. */
  agent?: HttpAgent;

  /**
   * Where the SDK logs: any object with `debug`, `info`, `warn` and `error` (console, pino and
   * winston fit). Lines carry `accountId`, `agentId` and, where they apply, `location`, `code`,
   * `attempt`; never a token, password, secret or cookie. Default none: nothing is logged
   * (with only `logLevel` set, lines go to `console`).
   */
  logger?: Logger;
  /**
   * Lowest level logged: `debug` adds a trace of every frame in and out (secrets masked, long
   * text cut at `traceTextLimit`), `info` the connection's life, `warn` closes, reconnects and
   * payloads not fully rewritten, `error` the `error` events; `silent` nothing. Default `warn`.
   */
  logLevel?: LogLevel;
  /** Longest string (message text included) the frame trace shows, in characters; longer ones are cut. Default 120. */
  traceTextLimit?: number;
}

/** The largest delay Node's timers accept (ms); anything above fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

export const DEFAULTS = {
  csdsDomain: 'adminlogin.liveperson.net',
  apiVersion: 2.1,
  requestTimeout: 10000,
  errorCheckInterval: 1000,
  refreshSessionInterval: 600000,
  httpTimeout: 30000,
  handshakeTimeout: 30000,
  pingInterval: 60000,
  pongTimeout: 30000,
} as const;

export type RetryPolicy = Required<AutoReconnectOptions>;

/** LivePerson's retry recommendation: 5 s, ×1.25 each time, 35 attempts; capped and jittered. */
export const DEFAULT_RETRY: RetryPolicy = {
  initialDelay: 5000,
  factor: 1.25,
  maxDelay: 60000,
  maxAttempts: 35,
  jitter: 0.2,
  restoreSubscriptions: true,
};

/** The kind of login the configuration asks for, in the original's order of precedence. */
export type AuthKind = 'token' | 'password' | 'saml' | 'oauth1';

export function authKindOf(conf: AgentConfig): AuthKind {
  if (conf.token || conf.tokenProvider) return 'token';
  if (conf.username && conf.password) return 'password';
  if (conf.assertion) return 'saml';
  return 'oauth1';
}

/** Every option after defaults, conversion and validation: what the Agent reads. */
export interface ResolvedConfig {
  auth: AuthKind;
  csdsDomain: string;
  apiVersion: number | string;
  requestTimeout: number;
  errorCheckInterval: number;
  refreshSessionInterval: number;
  httpTimeout: number;
  handshakeTimeout: number;
  pingInterval: number;
  pongTimeout: number;
  /** Undefined when auto-reconnect is off. */
  retry: RetryPolicy | undefined;
  /** The `proxy` option, else `HTTPS_PROXY`/`https_proxy`, else undefined. */
  proxy: string | undefined;
  tokenProvider: TokenProvider | undefined;
  /** Undefined when nothing is to be logged. */
  log: LogSettings | undefined;
}

/** A number range an option must fall in; `ms` options are also capped by Node's timers. */
interface NumberRule {
  min: number;
  max: number;
  integer?: boolean;
  allowInfinity?: boolean;
  what: string;
}

const MS = (min: number): NumberRule => ({ min, max: MAX_TIMER_MS, what: `a number of ms from ${min} to ${MAX_TIMER_MS}` });

/*
 * The one rule for defaults: options the JavaScript SDK had (`requestTimeout`,
 * `errorCheckInterval`, `refreshSessionInterval`, `csdsDomain`) take their default with `||`,
 * so 0 or '' means "the default", as it did there; options this SDK added take it with `??`,
 * so 0 means 0 where the option allows it (`pongTimeout: 0` turns the pong deadline off).
 */
type InheritedMs = 'requestTimeout' | 'errorCheckInterval' | 'refreshSessionInterval';
const ADDED_MS: Record<'httpTimeout' | 'handshakeTimeout' | 'pingInterval' | 'pongTimeout', NumberRule> = {
  httpTimeout: MS(1),
  handshakeTimeout: MS(1),
  pingInterval: MS(1),
  pongTimeout: MS(0),
};

const RETRY_RULES: Record<Exclude<keyof AutoReconnectOptions, 'restoreSubscriptions'>, NumberRule> = {
  initialDelay: MS(0),
  maxDelay: MS(0),
  factor: { min: 1, max: 1000, what: 'a number from 1 to 1000' },
  maxAttempts: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true, allowInfinity: true, what: 'a whole number from 0, or Infinity' },
  jitter: { min: 0, max: 1, what: 'a fraction from 0 to 1' },
};

/** The option names this SDK and the `ws` client (which receives the whole conf) understand. */
const KNOWN_OPTIONS = [
  'accountId', 'username', 'password', 'token', 'userId', 'tokenProvider', 'assertion', 'appKey', 'secret',
  'accessToken', 'accessTokenSecret', 'csdsDomain', 'domains', 'wsDomainType', 'apiVersion', 'requestTimeout',
  'errorCheckInterval', 'refreshSessionInterval', 'refreshSessionToken', 'ca', 'httpTimeout', 'handshakeTimeout',
  'pingInterval', 'pongTimeout', 'autoReconnect', 'proxy', 'agent', 'logger', 'logLevel', 'traceTextLimit',
  // ws client options and the TLS options it passes on
  'protocol', 'followRedirects', 'generateMask', 'maxRedirects', 'perMessageDeflate', 'localAddress',
  'protocolVersion', 'headers', 'origin', 'host', 'family', 'checkServerIdentity', 'rejectUnauthorized',
  'allowSynchronousEvents', 'autoPong', 'maxPayload', 'maxBufferedChunks', 'maxFragments', 'skipUTF8Validation',
  'createConnection', 'finishRequest', 'lookup', 'servername', 'cert', 'key', 'pfx', 'passphrase', 'ciphers',
  'crl', 'ecdhCurve', 'minVersion', 'maxVersion', 'secureProtocol', 'secureOptions', 'sessionIdContext', 'timeout',
];
const KNOWN_RETRY_OPTIONS = ['initialDelay', 'factor', 'maxDelay', 'maxAttempts', 'jitter', 'restoreSubscriptions'];

/** Names already warned about in this process: each misspelling is reported once. */
const warnedNames = new Set<string>();

function invalid(name: string, expected: string, value: unknown): InvalidOptionError {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value).slice(0, 40);
  return new InvalidOptionError(`invalid option ${name}: expected ${expected}, got ${shown}`);
}

/** `value` as a number: a number as it is, a non-blank string holding one (as `process.env` gives) converted, anything else NaN. */
export function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
}

/** A number, or a string holding one, checked against `rule`. */
function toNumber(name: string, value: unknown, rule: NumberRule): number {
  const number = numberOf(value);
  const inRange = number >= rule.min && (number <= rule.max || (rule.allowInfinity === true && number === Infinity));
  if (!inRange || (rule.integer && number !== Infinity && !Number.isInteger(number))) throw invalid(name, rule.what, value);
  return number;
}

const isUnset = (value: unknown): boolean => value === undefined || value === null;

/**
 * Checks every option and applies every default, once, at construction. Throws the original's
 * two messages first (plain Errors), then an {@link InvalidOptionError} (code `ERR_INVALID_OPTION`) naming the
 * option. An option name close to a known one gets a one-time process warning instead of an
 * error, because the conf is also handed to `ws` and may carry its options.
 * No conf at all fails on reading `accountId`, a TypeError, exactly as in the original.
 */
export function resolveConfig(given: AgentConfig | undefined): ResolvedConfig {
  const conf = given as AgentConfig;
  if (!conf.accountId) throw new Error('missing accountId param');
  const oauth1 = conf.username && conf.appKey && conf.secret && conf.accessToken && conf.accessTokenSecret;
  if (!conf.token && !conf.tokenProvider && !(conf.username && conf.password) && !conf.assertion && !oauth1) {
    throw new Error('missing token or user/password or assertion or appKey/secret/accessToken/accessTokenSecret params');
  }
  if (!isUnset(conf.tokenProvider) && typeof conf.tokenProvider !== 'function') {
    throw invalid('tokenProvider', 'a function returning a promise of {token, userId?}', typeof conf.tokenProvider);
  }
  if (conf.token && !conf.tokenProvider && (isUnset(conf.userId) || conf.userId === '')) {
    throw new InvalidOptionError('missing userId param: a token needs the userId it belongs to (or a tokenProvider that returns it)');
  }
  warnAboutMisspellings(conf, KNOWN_OPTIONS, '');
  const inherited = (name: InheritedMs): number =>
    isUnset(conf[name]) || conf[name] === ('' as unknown) ? DEFAULTS[name] : toNumber(name, conf[name], MS(0)) || DEFAULTS[name];
  const added = (name: keyof typeof ADDED_MS) =>
    isUnset(conf[name]) ? DEFAULTS[name] : toNumber(name, conf[name], ADDED_MS[name]);
  return {
    auth: authKindOf(conf),
    csdsDomain: conf.csdsDomain || DEFAULTS.csdsDomain,
    apiVersion: conf.apiVersion ?? DEFAULTS.apiVersion,
    requestTimeout: inherited('requestTimeout'),
    errorCheckInterval: inherited('errorCheckInterval'),
    refreshSessionInterval: inherited('refreshSessionInterval'),
    httpTimeout: added('httpTimeout'),
    handshakeTimeout: added('handshakeTimeout'),
    pingInterval: added('pingInterval'),
    pongTimeout: added('pongTimeout'),
    retry: retryPolicyOf(conf.autoReconnect),
    proxy: checkedProxy(conf.proxy),
    tokenProvider: conf.tokenProvider,
    log: logSettings(conf),
  };
}

function logSettings(conf: AgentConfig): LogSettings | undefined {
  const { logger, logLevel, traceTextLimit } = conf;
  if (!isUnset(logger) && !isLogger(logger)) {
    throw invalid('logger', 'an object with debug, info, warn and error methods (console, pino and winston fit)', typeof logger === 'object' ? 'an object without them' : typeof logger);
  }
  if (!isUnset(logLevel) && !isLogLevel(logLevel)) throw invalid('logLevel', Object.keys(LOG_LEVELS).join(', '), logLevel);
  const limit = isUnset(traceTextLimit)
    ? LOG_DEFAULTS.traceTextLimit
    : toNumber('traceTextLimit', traceTextLimit, { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true, what: 'a whole number of characters from 0' });
  return logSettingsOf(logger ?? undefined, logLevel ?? undefined, limit);
}

function retryPolicyOf(option: unknown): RetryPolicy | undefined {
  if (isUnset(option) || option === false) return undefined;
  if (option === true) return { ...DEFAULT_RETRY };
  if (typeof option !== 'object' || Array.isArray(option)) throw invalid('autoReconnect', 'true, false or an object of retry options', option);
  const given = option as Record<string, unknown>;
  warnAboutMisspellings(given, KNOWN_RETRY_OPTIONS, 'autoReconnect.');
  const policy: RetryPolicy = { ...DEFAULT_RETRY };
  for (const [name, rule] of Object.entries(RETRY_RULES) as Array<[keyof typeof RETRY_RULES, NumberRule]>) {
    if (!isUnset(given[name])) policy[name] = toNumber(`autoReconnect.${name}`, given[name], rule);
  }
  const restore = given.restoreSubscriptions;
  if (!isUnset(restore) && typeof restore !== 'boolean') throw invalid('autoReconnect.restoreSubscriptions', 'true or false', restore);
  if (typeof restore === 'boolean') policy.restoreSubscriptions = restore;
  return policy;
}

/** The proxy URL must parse; the error never repeats it, since it may hold a password. */
function checkedProxy(explicit: unknown): string | undefined {
  if (!isUnset(explicit) && typeof explicit !== 'string') throw invalid('proxy', 'a URL string', typeof explicit);
  const proxy = proxyFromEnv(explicit as string | undefined);
  if (proxy === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(proxy);
  } catch {
    url = undefined;
  }
  if (!url || !url.hostname) {
    const source = explicit ? 'proxy' : 'proxy (from HTTPS_PROXY)';
    throw new InvalidOptionError(`invalid option ${source}: expected a URL such as http://host:port (value not shown, it may hold a password)`);
  }
  return proxy;
}

function warnAboutMisspellings(given: object, known: readonly string[], prefix: string): void {
  for (const name of Object.keys(given)) {
    if (known.includes(name)) continue;
    const closest = closestName(name, known);
    if (!closest || warnedNames.has(prefix + name)) continue;
    warnedNames.add(prefix + name);
    const fate = prefix ? 'It is ignored.' : 'It is ignored (and passed to ws as it is).';
    process.emitWarning(`node-agent-sdk: unknown option "${prefix}${name}", did you mean "${prefix}${closest}"? ${fate}`, {
      code: 'NODE_AGENT_SDK_UNKNOWN_OPTION',
    });
  }
}

/** The known name a misspelling most likely meant: case-insensitive edit distance ≤ 2 (≤ 3 for long names). */
function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = name.length >= 12 ? 3 : name.length >= 5 ? 2 : 1;
  return bestDistance <= allowed ? best : undefined;
}

/** Levenshtein distance with adjacent transpositions (a swapped pair of letters counts 1). */
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}
