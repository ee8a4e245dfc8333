import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import type { AddressInfo } from 'net';
import { Agent } from 'node-agent-sdk';
import type { FakeLP } from './fake-lp';
import { EventLog, RECONNECT_LIFECYCLE } from './events';
import { testCertificate } from './tls';
import { until, type Agents } from './wait';

/** The retry policy of these tests: short, deterministic waits (no jitter). */
export const FAST_RETRY = { initialDelay: 20, factor: 1.25, maxDelay: 100, maxAttempts: 3, jitter: 0 } as const;

/** `connected` as {@link EventLog.reduced} has it. */
export const CONNECTED = ['connected', { connected: true, ts: 'number' }];
/** The log of a first connect that went well. */
export const START = [['success', 'Connect#CSDS'], ['success', 'Connect#Login'], CONNECTED];
/** The log of the new login of a reconnect that regenerates the token. */
export const RELOGIN = [['success', 'Reconnect#CSDS'], ['success', 'Reconnect#Relogin#WS']];

/** `reconnecting` as {@link EventLog.reduced} has it. */
export const retryEntry = (attempt: number, delay: number, reason: Record<string, unknown>, regenerateToken: boolean) => [
  'reconnecting',
  { attempt, delay, reason, regenerateToken },
];

/** The log of a socket open again after `attempts` attempts. */
export const reconnectedEntries = (attempts: number) => [CONNECTED, ['reconnected', { attempts }]];

/** A new agent on `lp`, tracked by `agents`, with its lifecycle (reconnects included) recorded from its first event. */
export function startRecorded(agents: Agents, lp: FakeLP, extra: Record<string, unknown> = {}): { agent: Agent; log: EventLog } {
  const agent = agents.track(new Agent(lp.config(extra)));
  return { agent, log: new EventLog(agent, RECONNECT_LIFECYCLE) };
}

/** Resolves when auto-reconnect gives up: its error at `AutoReconnect`. */
export function gaveUp(agent: Agent): Promise<void> {
  return new Promise((resolve) => agent.on('error', (_err, context) => context?.location === 'AutoReconnect' && resolve()));
}

/** Closes the server side of the socket with `code`; 1006 is an abrupt end without a close frame. */
export function serverCloses(lp: FakeLP, code: number): void {
  if (code === 1006) lp.socket.terminate();
  else lp.socket.close(code);
}

/** Counts the messaging sockets open on the server at once; `max` must stay 1. */
export function watchOpenSockets(lp: FakeLP): { readonly open: number; readonly max: number } {
  let max = 0;
  const count = () => lp.sockets.filter((ws) => ws.readyState === ws.OPEN).length;
  // FakeLP's own 'upgrade' listener runs first and completes the upgrade synchronously, so the
  // new socket is already counted here, together with any old one the server still has open.
  lp.server.on('upgrade', () => {
    max = Math.max(max, count());
  });
  return {
    get open() {
      return count();
    },
    get max() {
      return max;
    },
  };
}

/** TCP connections a server has open (TLS, HTTP and websocket alike). */
export function connectionsOf(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => server.getConnections((err, count) => (err ? reject(err) : resolve(count))));
}

/**
 * Counts of the resources that could leak from an agent: timers and sockets. They are the
 * process's: jest's own timers and what earlier test files of the worker left count too, so
 * compare them with a baseline and never expect less than nothing.
 */
export function ourResources(): { timeouts: number; sockets: number } {
  const info = process.getActiveResourcesInfo();
  return {
    timeouts: info.filter((kind) => kind === 'Timeout').length,
    sockets: info.filter((kind) => kind === 'TCPSocketWrap' || kind === 'TLSSocket' || kind === 'TLSWrap').length,
  };
}

export interface ConnectProxy {
  url: string;
  /** `host:port` of every CONNECT request, in order. */
  targets: string[];
  close(): Promise<void>;
}

/**
 * A real HTTP CONNECT proxy on 127.0.0.1: tunnels to the requested target (which must be on
 * 127.0.0.1), or answers CONNECT with `refuse` (e.g. 403) when given: every one, or every one
 * after the first `allow`.
 */
export async function startConnectProxy(options: { refuse?: number; allow?: number } = {}): Promise<ConnectProxy> {
  const targets: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const target = req.url ?? '';
    targets.push(target);
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    if (options.refuse && targets.length > (options.allow ?? 0)) {
      client.end(`HTTP/1.1 ${options.refuse} ${http.STATUS_CODES[options.refuse]}\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const [host, port] = target.split(':');
    if (host !== '127.0.0.1') {
      client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    targets,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface SilentServer {
  host: string;
  /** Connections accepted so far. */
  readonly accepted: number;
  /** Connections still open. */
  readonly open: number;
  close(): Promise<void>;
}

/** A TCP server that accepts connections and never says anything (a stalled TLS handshake). */
export async function startSilentTcpServer(): Promise<SilentServer> {
  const held = silentSockets();
  return listen(net.createServer(held.hold), held);
}

/** An HTTPS server (trusted by FakeLP's `ca`) that receives websocket upgrades and never answers them. */
export async function startMuteUpgradeServer(): Promise<SilentServer> {
  const { cert, key } = await testCertificate();
  const held = silentSockets();
  const server = https.createServer({ cert, key });
  server.on('upgrade', (_req, socket: net.Socket) => held.hold(socket));
  return listen(server, held);
}

/**
 * An HTTPS server that answers websocket upgrades a header line every 20 ms and never ends
 * the header: the socket is never idle, yet never opens.
 */
export async function startTricklingUpgradeServer(): Promise<SilentServer> {
  const { cert, key } = await testCertificate();
  const held = silentSockets();
  const server = https.createServer({ cert, key });
  server.on('upgrade', (_req, socket: net.Socket) => {
    held.hold(socket);
    socket.write('HTTP/1.1 101 Switching Protocols\r\n');
    const trickle = setInterval(() => socket.write('X-Wait: 1\r\n'), 20);
    socket.on('close', () => clearInterval(trickle));
  });
  return listen(server, held);
}

interface HeldSockets {
  sockets: Set<net.Socket>;
  readonly accepted: number;
  /** Counts the socket and keeps it open until it or the server closes. */
  hold(socket: net.Socket): void;
}

function silentSockets(): HeldSockets {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  return {
    sockets,
    get accepted() {
      return accepted;
    },
    hold: (socket) => {
      accepted++;
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => socket.destroy());
      // Reads and drops what comes, so the client's close is noticed (a paused socket never sees it).
      socket.resume();
    },
  };
}

async function listen(server: net.Server, held: HeldSockets): Promise<SilentServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    get accepted() {
      return held.accepted;
    },
    get open() {
      return held.sockets.size;
    },
    close: async () => {
      for (const socket of held.sockets) socket.destroy();
      (server as http.Server).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits until `agent` has finished a request, as a promise of `[err, body]` (never rejects). */
export function callback<T = any>(start: (cb: (err: any, body?: T) => void) => void): Promise<[any, T | undefined]> {
  return new Promise((resolve) => start((err, body) => resolve([err, body])));
}

/** Counts the pings the server receives, per messaging socket (index as in `lp.sockets`). */
export function countPings(lp: FakeLP): number[] {
  const counts: number[] = [];
  // Runs after FakeLP's own 'upgrade' listener, which completes the upgrade synchronously.
  lp.server.on('upgrade', () => {
    const index = lp.sockets.length - 1;
    const ws = lp.sockets[index];
    if (!ws || counts[index] !== undefined) return;
    counts[index] = 0;
    ws.on('ping', () => counts[index]++);
  });
  return counts;
}

export interface TimerTracker {
  /** Timers created since `trackTimers()` that have neither fired nor been cleared, by origin. */
  live(): string[];
  restore(): void;
}

/**
 * Records every setTimeout/setInterval made from now on (by the SDK, ws, node-fetch and the
 * test alike) and whether it fired or was cleared: the precise complement of counting
 * `process.getActiveResourcesInfo()`, which also sees jest's own timers.
 *
 * Not the same check as ./events' `trackTimers` (async hooks: every Timeout object, but only the
 * ref'd ones count): this one sees the global setTimeout/setInterval calls only, and counts a
 * timer until it fires or is cleared, ref'd or not.
 */
export function trackTimers(): TimerTracker {
  const g = globalThis as any;
  const original = { setTimeout: g.setTimeout, setInterval: g.setInterval, clearTimeout: g.clearTimeout, clearInterval: g.clearInterval };
  const live = new Map<unknown, string>();
  const origin = () => (new Error().stack ?? '').split('\n').slice(3, 5).map((line) => line.trim()).join(' < ');
  g.setTimeout = (fn: (...args: any[]) => void, ms?: number, ...args: any[]) => {
    const timer = original.setTimeout((...a: any[]) => {
      live.delete(timer);
      fn(...a);
    }, ms, ...args);
    live.set(timer, `setTimeout(${ms}) at ${origin()}`);
    return timer;
  };
  g.setInterval = (fn: (...args: any[]) => void, ms?: number, ...args: any[]) => {
    const timer = original.setInterval(fn, ms, ...args);
    live.set(timer, `setInterval(${ms}) at ${origin()}`);
    return timer;
  };
  g.clearTimeout = (timer: unknown) => {
    live.delete(timer);
    original.clearTimeout(timer);
  };
  g.clearInterval = (timer: unknown) => {
    live.delete(timer);
    original.clearInterval(timer);
  };
  return {
    live: () => [...live.values()],
    restore: () => Object.assign(g, original),
  };
}

/**
 * After an agent is gone: waits until no tracked timer is live and the process has no more
 * timers or sockets than `baseline` (Node's own socket timers end a little after the sockets;
 * jest keeps timers too, some ending meanwhile), then asserts exactly that.
 */
export async function expectNoTimersOrSocketsLeft(tracker: TimerTracker, baseline: { timeouts: number; sockets: number }): Promise<void> {
  await until(() => tracker.live().length === 0 && ourResources().sockets <= baseline.sockets && ourResources().timeouts <= baseline.timeouts); // every timer and socket to go
  expect(tracker.live()).toEqual([]);
  expect(ourResources().sockets).toBeLessThanOrEqual(baseline.sockets);
  expect(ourResources().timeouts).toBeLessThanOrEqual(baseline.timeouts);
}
