import { EventEmitter } from 'events';
import { createServer } from 'https';
import type { Server } from 'https';
import type { AddressInfo } from 'net';
import { EMULATOR_CERT, EMULATOR_KEY } from './certificate';
import type { Connection } from './connection';
import { ConsumerSimulator } from './consumer';
import type { ConsumerOptions } from './consumer';
import { Conversations } from './conversations';
import type { Core } from './core';
import type { EmulatorEvents } from './events';
import { Faults } from './faults';
import { FileStore } from './files';
import { HttpRoutes } from './http';
import { Hub } from './hub';
import type { AutoReconnectOptions } from '../config';
import type { AgentUser, Availability } from './model';
import { conversationResult } from './notifications';
import { resolveOptions } from './options';
import type { AgentOptions, EmulatorOptions, ResolvedOptions } from './options';
import { Outbox } from './outbox';
import { Routing } from './routing';
import { Sessions } from './sessions';
import { State } from './state';
import type { SkillOptions } from './state';
import { Timers } from './timers';
import { Ums } from './ums';

/** Public view of an agent user. */
export interface AgentInfo {
  accountId: string;
  username: string;
  userId: string;
  userPid: string;
  /** `accountId.userId`. */
  oldAgentId: string;
  skills: string[];
  availability: Availability;
  /** `'manager'` may close, transfer and read any conversation of its account without joining. */
  role: 'agent' | 'manager';
}

/** SDK configuration that reaches the emulator (login by the agent's credential kind). */
// A type alias, not an interface: it then fits the SDK's AgentConfig (which has an index signature).
export type EmulatorAgentConfig = {
  accountId: string;
  csdsDomain: string;
  /** PEM to trust for HTTPS and WSS. */
  ca: string;
  username?: string;
  password?: string;
  assertion?: string;
  appKey?: string;
  secret?: string;
  accessToken?: string;
  accessTokenSecret?: string;
  token?: string;
  userId?: string;
  /** Set when asked for with `agentConfig({ autoReconnect })`: the SDK's retry policy with test delays. */
  autoReconnect?: AutoReconnectOptions;
};

/** What `agentConfig()` may be asked for, besides the agent. */
export interface AgentConfigOptions {
  /** The agent to log in as. Default: the emulator's default bot. */
  username?: string;
  /** Default: the emulator's default account. */
  accountId?: string;
  /**
   * `true`: auto-reconnect with delays made for tests ({@link TEST_RECONNECT}: first retry after
   * 100 ms, waits up to 1 s, 8 attempts), so a fault test fits in jest's and the consumer's 5 s timeouts.
   * An object is merged over those delays. Default: not set (the SDK's default: no auto-reconnect).
   */
  autoReconnect?: boolean | AutoReconnectOptions;
}

/**
 * Reconnect delays for tests. The SDK's defaults follow LivePerson's policy (5 s, then ×1.25),
 * which outlasts a test's timeouts on the first retry.
 */
export const TEST_RECONNECT: Readonly<Required<Pick<AutoReconnectOptions, 'initialDelay' | 'factor' | 'maxDelay' | 'maxAttempts'>>> = {
  initialDelay: 100,
  factor: 1.5,
  maxDelay: 1000,
  // About 4 s of retries, as long as a test may wait by default: a bot a test forgot to dispose
  // gives up soon after the emulator closes instead of keeping jest alive for half a minute.
  maxAttempts: 8,
};

const info = (a: AgentUser): AgentInfo => ({
  accountId: a.accountId,
  username: a.username,
  userId: a.userId,
  userPid: a.userPid,
  oldAgentId: a.oldAgentId,
  skills: [...a.skills],
  availability: a.availability,
  role: a.role,
});

/** A running LivePerson emulator: CSDS, agentVep and UMS on one HTTPS server. Create with `startEmulator`. */
export class Emulator extends EventEmitter<EmulatorEvents> {
  /** The certificate (PEM) the server presents; pass it as `ca` to clients. */
  readonly ca = EMULATOR_CERT;
  readonly faults: Faults;
  readonly accountId: string;
  private readonly core: Core;
  private readonly server: Server;
  private readonly ums: Ums;
  private readonly consumers = new Set<ConsumerSimulator>();
  private closing?: Promise<void>;
  private boundPort = 0;

  /** @internal Use `startEmulator`. */
  constructor(options: EmulatorOptions = {}) {
    super();
    const resolved: ResolvedOptions = resolveOptions(options);
    const state = new State();
    const timers = new Timers();
    const outbox = new Outbox();
    const connections = new Set<Connection>();
    const bus = new EventEmitter();
    bus.setMaxListeners(0);
    const sessions = new Sessions(timers, () => resolved.sessionTtlMs, (s) => this.ums.sessionExpired(s));
    const files = new FileStore(() => resolved.fileUrlTtlMs);
    const faults = new Faults({ sessions, connections });
    const hub = new Hub({ state, connections, outbox, events: this, bus });
    // Conversations and routing call each other: routing reaches conversations through these
    // forwarders, which run only after both exist.
    const routing = new Routing({
      state,
      connections,
      timers,
      outbox,
      hub,
      ringExpirationMs: () => resolved.ringExpirationMs,
      conversations: {
        assign: (conv, agent) => conversations.assign(conv, agent),
        unsuggest: (conv, agent) => conversations.unsuggest(conv, agent),
        changed: (conv) => conversations.changed(conv),
      },
    });
    const conversations = new Conversations({ state, outbox, events: this, hub, routing });
    const core: Core = {
      options: resolved,
      state,
      sessions,
      timers,
      outbox,
      connections,
      events: this,
      bus,
      hub,
      conversations,
      routing,
      files,
      faults,
    };
    this.core = core;
    this.faults = faults;
    this.ums = new Ums(core);
    this.accountId = resolved.accountId;
    state.addAccount(resolved.accountId);
    state.addAgent({ ...resolved.agent, accountId: resolved.accountId });
    const http = new HttpRoutes({
      state,
      sessions,
      files,
      faults,
      connections,
      host: () => this.host,
      sessionTtlMs: () => resolved.sessionTtlMs,
      log: resolved.log,
    });
    this.server = createServer({ cert: EMULATOR_CERT, key: EMULATOR_KEY }, (req, res) => http.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => this.ums.upgrade(req, socket, head));
  }

  /** @internal */
  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.core.options.port, '127.0.0.1', () => {
        this.boundPort = (this.server.address() as AddressInfo).port;
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** The TCP port the server listens on. */
  get port(): number {
    return this.boundPort;
  }

  /** `127.0.0.1:PORT`: the SDK's `csdsDomain`, and every CSDS `baseURI`. */
  get host(): string {
    return `127.0.0.1:${this.boundPort}`;
  }

  /** `https://127.0.0.1:PORT`. */
  get url(): string {
    return `https://${this.host}`;
  }

  /** Ring lifetime for rings created from now on (ms); starts as `options.ringExpirationMs`. */
  get ringExpirationMs(): number {
    return this.core.options.ringExpirationMs;
  }

  /** Applies to rings created from now on. */
  set ringExpirationMs(ms: number) {
    this.core.options.ringExpirationMs = ms;
  }

  /** Bearer lifetime applied by the next login or refresh (ms); starts as `options.sessionTtlMs`. */
  get sessionTtlMs(): number {
    return this.core.options.sessionTtlMs;
  }

  /** Applies from the next login or refresh. */
  set sessionTtlMs(ms: number) {
    this.core.options.sessionTtlMs = ms;
  }

  /** Open UMS websockets. */
  get connectionCount(): number {
    return this.core.connections.size;
  }

  /**
   * SDK config for an agent (default: the default bot), logging in with its credentials:
   * `agentConfig('alice')`, or `agentConfig({ username?, accountId?, autoReconnect? })`.
   */
  agentConfig(who?: string | AgentConfigOptions, accountId?: string): EmulatorAgentConfig {
    const options: AgentConfigOptions = typeof who === 'object' && who !== null ? who : { username: who, accountId };
    const account = options.accountId ?? this.accountId;
    const agent = this.requireAgent(options.username, account);
    const base: EmulatorAgentConfig = { accountId: account, csdsDomain: this.host, ca: this.ca };
    if (options.autoReconnect) base.autoReconnect = { ...TEST_RECONNECT, ...(options.autoReconnect === true ? {} : options.autoReconnect) };
    if (agent.password !== undefined) return { ...base, username: agent.username, password: agent.password };
    if (agent.assertion !== undefined) return { ...base, assertion: agent.assertion };
    const { appKey, secret, accessToken, accessTokenSecret } = agent;
    return { ...base, username: agent.username, appKey, secret, accessToken, accessTokenSecret };
  }

  /** SDK config with a ready bearer (`token` + `userId`): no login, no refresh. */
  tokenConfig(username?: string, accountId = this.accountId): EmulatorAgentConfig {
    const agent = this.requireAgent(username, accountId);
    const session = this.core.sessions.create(agent, false);
    return { accountId, csdsDomain: this.host, ca: this.ca, token: session.bearer, userId: agent.userId };
  }

  /** Adds an account (with the "-1" skill and no agents). Returns its id. */
  addAccount(accountId: string): string {
    return this.core.state.addAccount(accountId).id;
  }

  /** Adds an agent user (to the default account unless `accountId` is given). */
  addAgent(options: AgentOptions): AgentInfo {
    return info(this.core.state.addAgent({ ...options, accountId: options.accountId ?? this.accountId }));
  }

  /** Returns the new skill's id. */
  addSkill(options: SkillOptions & { accountId?: string } = {}): string {
    return this.core.state.addSkill(options.accountId ?? this.accountId, options).id;
  }

  /** An agent's ids and state (default: the default bot); throws for an unknown agent. */
  agent(username?: string, accountId = this.accountId): AgentInfo {
    return info(this.requireAgent(username, accountId));
  }

  /** A consumer simulator; its conversations are real emulator conversations. */
  consumer(options: ConsumerOptions = {}): ConsumerSimulator {
    const accountId = options.accountId ?? this.accountId;
    const state = this.core.state;
    const existing = options.consumerId ? state.account(accountId)?.consumers.get(options.consumerId) : undefined;
    const consumer = existing ?? state.addConsumer(accountId, { id: options.consumerId, profile: options.profile });
    const simulator = new ConsumerSimulator(this.core, consumer, options);
    this.consumers.add(simulator);
    return simulator;
  }

  /** A snapshot of a conversation in raw ExConversationChangeNotification `result` form. */
  conversation(conversationId: string, accountId = this.accountId): ReturnType<typeof conversationResult> | undefined {
    const conv = this.core.state.account(accountId)?.conversations.get(conversationId);
    return conv && (JSON.parse(JSON.stringify(conversationResult(conv))) as ReturnType<typeof conversationResult>);
  }

  /** Stops everything: sockets, server, timers. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.consumers.forEach((c) => c.dispose());
      this.consumers.clear();
      this.ums.close();
      this.core.routing.dispose();
      this.core.timers.clearAll();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  private requireAgent(username: string | undefined, accountId: string): AgentUser {
    const name = username ?? this.core.options.agent.username;
    const agent = this.core.state.account(accountId)?.agents.get(name);
    if (!agent) throw new Error(`unknown agent ${name} in account ${accountId}`);
    return agent;
  }
}

/** Starts an emulator on 127.0.0.1 (port 0 = ephemeral) with a default account and bot agent. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = new Emulator(options);
  await emulator.listen();
  return emulator;
}
