/** Credentials and routing profile of an emulated agent user (see `Emulator.addAgent`). */
export interface AgentOptions {
  /** Login name; unique within the account. */
  username: string;
  /** Password for user/password login. No password: that login kind is refused. */
  password?: string;
  /** Account of the user. Default: the emulator's default account. */
  accountId?: string;
  /** Numeric login id (`config.userId`). Default: generated, unique. */
  userId?: string;
  /** Agent PID, a UUID (`config.userPid`). Default: generated. */
  userPid?: string;
  /** Skills the agent is routed for. Default: empty = every skill. */
  skills?: string[];
  /** OAuth1 application login: all four must match the login body. */
  appKey?: string;
  /** OAuth1 login: the application secret. */
  secret?: string;
  /** OAuth1 login: the access token. */
  accessToken?: string;
  /** OAuth1 login: the access token secret. */
  accessTokenSecret?: string;
  /** SAML login: the login body's `assertion` must equal this. */
  assertion?: string;
  /**
   * What the user may do beyond its own conversations. `'manager'` (LivePerson's Agent Manager
   * permission) may close, transfer and read any conversation of its account without joining
   * it; `'agent'` must be a participant. Default `'agent'`.
   */
  role?: AgentUserRole;
}

/** An agent user's permission profile (not a conversation role such as ASSIGNED_AGENT or MANAGER). */
export type AgentUserRole = 'agent' | 'manager';

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** TCP port on 127.0.0.1. Default 0: an ephemeral port. */
  port?: number;
  /** The default account id. Default `'12345678'`. */
  accountId?: string;
  /** The default bot agent of the default account. Default `{username:'bot', password:'secret'}`. */
  agent?: Partial<AgentOptions>;
  /** How long a ring waits for an answer before it is EXPIRED, in ms. Default 72000 (as LivePerson). */
  ringExpirationMs?: number;
  /** Bearer lifetime after login or refresh, in ms (`sessionTTl`). Default 28800000 (8 h). */
  sessionTtlMs?: number;
  /** How long a generated file URL stays valid, in ms. Default 60000. */
  fileUrlTtlMs?: number;
  /** Largest websocket message accepted, in bytes; a bigger one closes the socket with 1009. Default 4194304 (4 MiB). */
  maxPayload?: number;
  /** Diagnostic sink for the emulator's own log lines. Default: silent. */
  log?: (line: string) => void;
}

export interface ResolvedOptions {
  port: number;
  accountId: string;
  agent: AgentOptions;
  ringExpirationMs: number;
  sessionTtlMs: number;
  fileUrlTtlMs: number;
  maxPayload: number;
  log: (line: string) => void;
}

export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  return {
    port: options.port ?? 0,
    accountId: options.accountId ?? '12345678',
    agent: { username: 'bot', password: 'secret', ...options.agent },
    ringExpirationMs: options.ringExpirationMs ?? 72_000,
    sessionTtlMs: options.sessionTtlMs ?? 28_800_000,
    fileUrlTtlMs: options.fileUrlTtlMs ?? 60_000,
    maxPayload: options.maxPayload ?? 4 * 1024 * 1024,
    log: options.log ?? (() => undefined),
  };
}
