import type { Agent as HttpAgent } from 'http';
import type { Logger, LogLevel } from './observe/log';

/** Options of {@link AutoReconnectOptions}: LivePerson's retry policy, all configurable. */
export interface AutoReconnectOptions {
  /** First wait in ms. Default 5000. */
  initialDelay?: number;
  /** Each wait is the previous × factor. Default 1.25. */
  factor?: number;
  /** No wait is longer than this, in ms. Default 60000. */
  maxDelay?: number;
  /** Attempts before giving up with an `error` at location `AutoReconnect`. Default 35. */
  maxAttempts?: number;
  /** Random spread applied to each wait, as a fraction (0.2 = ±20 %). Default 0.2. */
  jitter?: number;
  /**
   * After reconnecting, replay the subscriptions, agent state and messaging-event queries the
   * bot had made. Set false when the bot redoes them itself on `connected`. Default true.
   */
  restoreSubscriptions?: boolean;
}

/**
 * Configuration of an {@link Agent}. Authenticate with exactly one of: `token` (+ `userId`),
 * `username` + `password`, `assertion`, or `username` + `appKey` + `secret` + `accessToken` +
 * `accessTokenSecret`. The whole object is also handed to the `ws` client as its options.
 */
export interface AgentConfig {
  /** LivePerson account (site) id. Required. */
  accountId: string;
  /** Login name of the bot user. */
  username?: string;
  /** Password of the bot user. */
  password?: string;
  /** A bearer token to use instead of logging in; no session refresh is possible with it. */
  token?: string;
  /** The user id (numeric part of the agent id); required with `token`. */
  userId?: string;
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
  /** Timeout (ms) of the websocket opening handshake (a `ws` option). Default 30000. */
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
   * `attempt`; never a token, password, secret or cookie. Default none: nothing is logged,
   * as in the JavaScript SDK (with only `logLevel` set, lines go to `console`).
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

  /** Anything else is passed to the `ws` client as an option, as the JavaScript SDK did. */
  [wsOption: string]: unknown;
}

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

/** The kind of login the configuration asks for, in the original's order of precedence. */
export type AuthKind = 'token' | 'password' | 'saml' | 'oauth1';

export function authKindOf(conf: AgentConfig): AuthKind {
  if (conf.token) return 'token';
  if (conf.username && conf.password) return 'password';
  if (conf.assertion) return 'saml';
  return 'oauth1';
}

/**
 * The constructor's two checks, with the original's exact messages (thrown synchronously).
 * No conf at all fails on reading `accountId`, a TypeError, exactly as in the original.
 */
export function validateConfig(given: AgentConfig | undefined): asserts given is AgentConfig {
  const conf = given as AgentConfig;
  if (!conf.accountId) {
    throw new Error('missing accountId param');
  }
  const oauth1 = conf.username && conf.appKey && conf.secret && conf.accessToken && conf.accessTokenSecret;
  if (!conf.token && !(conf.username && conf.password) && !conf.assertion && !oauth1) {
    throw new Error('missing token or user/password or assertion or appKey/secret/accessToken/accessTokenSecret params');
  }
}
