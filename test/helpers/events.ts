import type { Agent } from 'node-agent-sdk';
import { createHook } from 'async_hooks';
import type { WebSocket } from 'ws';

/** One event as the agent emitted it: its name and every argument. */
export interface LoggedEvent {
  name: string;
  args: any[];
}

interface Listenable {
  once(event: string, fn: (...args: any[]) => void): unknown;
}

/** Resolves with the arguments of the next `event` of `emitter`. */
export function waitFor(emitter: Listenable, event: string): Promise<any[]> {
  return new Promise((resolve) => emitter.once(event, (...args: any[]) => resolve(args)));
}

/** Resolves with the first argument of the next `event` of `emitter`; jest's timeout bounds the wait. */
export async function nextEvent<T = any>(emitter: Listenable, event: string): Promise<T> {
  return (await waitFor(emitter, event))[0];
}

/** The lifecycle events most tests watch. */
export const LIFECYCLE = ['success', 'error', 'connected', 'closed'] as const;
/** The lifecycle events with auto-reconnect's. */
export const RECONNECT_LIFECYCLE = [...LIFECYCLE, 'reconnecting', 'reconnected'] as const;

/** Notifications a test sends to flush the agent's queue (see helpers/wait `sync`): never recorded. */
const isSyncFrame = (type: unknown) => String(type).startsWith('test.sync.');

/**
 * The one event recorder of the tests. Records the events of an agent in order, with their
 * arguments, and offers them in three forms: `entries` (`{name, args}`), `rows`
 * (`[name, ...args]`) and `reduced` (comparable values: see {@link reduce}); and lets a test
 * wait for the n-th occurrence of an event (occurrences already recorded count).
 */
export class EventLog {
  readonly entries: LoggedEvent[] = [];
  /** The same events as `[name, ...args]`, kept up to date. */
  readonly rows: any[][] = [];
  /** The same events reduced to comparable values, kept up to date. */
  readonly reduced: any[] = [];
  private waiters: Array<{ name: string; count: number; resolve: (args: any[]) => void }> = [];
  private conditions: Array<{ condition: (log: EventLog) => boolean; resolve: () => void }> = [];

  /** Records the named events (default: {@link LIFECYCLE}). */
  constructor(agent: Agent, names: readonly string[] = LIFECYCLE) {
    // Any name, typed or not: the log records whatever it is asked to.
    const emitter = agent as unknown as { on(name: string, fn: (...args: any[]) => void): void };
    for (const name of names) emitter.on(name, (...args: any[]) => this.push(name, args));
  }

  /** Records every event the agent emits, raw notification types included, by wrapping `emit`. */
  static everything(agent: Agent): EventLog {
    const log = new EventLog(agent, []);
    const emit = agent.emit.bind(agent);
    agent.emit = ((event: string, ...args: any[]) => {
      if (!isSyncFrame(event) && !(event === 'notification' && isSyncFrame(args[0]?.type))) log.push(event, args);
      return emit(event, ...args);
    }) as typeof agent.emit;
    return log;
  }

  /**
   * Compact, comparable lines: `success Connect#CSDS`, `error Connect#Login: <message>`,
   * `error: <message>` (no context), `connected`, `closed 1006`.
   */
  get lines(): string[] {
    return this.entries.map(({ name, args }) => {
      if (name === 'success') return `success ${args[0]?.location}`;
      if (name === 'error') return args.length > 1 ? `error ${args[1]?.location}: ${args[0]?.message}` : `error: ${args[0]?.message}`;
      if (name === 'closed') return `closed ${args[0]}`;
      return name;
    });
  }

  /** The arguments of every recorded `name` event. */
  of(name: string): any[][] {
    return this.entries.filter((e) => e.name === name).map((e) => e.args);
  }

  /** The {@link reduced} entries of these event names. */
  reducedOf(...names: string[]): any[] {
    return this.reduced.filter(([name]) => names.includes(name));
  }

  /** Resolves with the arguments of the `count`-th `name` event (1-based). */
  waitFor(name: string, count = 1): Promise<any[]> {
    const seen = this.of(name);
    if (seen.length >= count) return Promise.resolve(seen[count - 1]);
    return new Promise((resolve) => this.waiters.push({ name, count, resolve }));
  }

  /** Resolves once `condition` holds, checked now and after every recorded event. */
  until(condition: (log: EventLog) => boolean): Promise<void> {
    if (condition(this)) return Promise.resolve();
    return new Promise((resolve) => this.conditions.push({ condition, resolve }));
  }

  /** How many times `line` (as in {@link lines}) was recorded. */
  count(line: string): number {
    return this.lines.filter((l) => l === line).length;
  }

  private push(name: string, args: any[]): void {
    this.entries.push({ name, args });
    this.rows.push([name, ...args]);
    this.reduced.push(reduce(name, args));
    for (const waiter of [...this.conditions]) {
      if (waiter.condition(this)) {
        this.conditions.splice(this.conditions.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    const seen = this.of(name).length;
    for (const waiter of [...this.waiters]) {
      if (waiter.name === name && waiter.count === seen) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(args);
      }
    }
  }
}

/**
 * An event as `[name, value]` with what varies between runs taken out: `connected` keeps the
 * type of its timestamp, `success` its location, `error` becomes {@link describeError} plus
 * `location`, a reconnect reason's error is described too; other events keep their first argument.
 */
function reduce(name: string, args: any[]): any[] {
  const [first, second] = args;
  switch (name) {
    case 'connected':
      return ['connected', { connected: first.connected, ts: typeof first.ts }];
    case 'success':
      return ['success', first.location];
    case 'error':
      return ['error', { ...describeError(first), location: second?.location }];
    case 'reconnecting': {
      const reason: any = { ...first.reason };
      if (reason.error) reason.error = describeError(reason.error);
      return ['reconnecting', { ...first, reason }];
    }
    default:
      return [name, first];
  }
}

/** A promise the test settles by hand (to hold an HTTP answer, say). */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A request callback that records its calls; `settled` resolves with the first call's arguments. */
export interface RecordingCallback {
  (...args: any[]): void;
  calls: any[][];
  settled: Promise<any[]>;
}

export function recordingCallback(onCall?: (...args: any[]) => void): RecordingCallback {
  const first = deferred<any[]>();
  const cb = ((...args: any[]) => {
    cb.calls.push(args);
    first.resolve(args);
    onCall?.(...args);
  }) as RecordingCallback;
  cb.calls = [];
  cb.settled = first.promise;
  return cb;
}

/** The parts of an error the contract fixes: its class, message, code and service. */
export function describeError(err: any): { type: string; message: string; code: unknown; service: unknown } {
  return { type: err?.constructor?.name, message: err?.message, code: err?.code, service: err?.service };
}

/** Resolves when the server side of a websocket has closed. */
export function serverClosed(ws: WebSocket): Promise<void> {
  return new Promise((resolve) => {
    if (ws.readyState === ws.CLOSED) resolve();
    else ws.once('close', () => resolve());
  });
}

/** Resolves after `ms`; only for waits whose length cannot make a test fail (negative checks). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Watches the timers created from now on, except jest's own. `pending()` gives, for each one
 * still scheduled and keeping the process alive, the code that created it; `scheduled()` the
 * same for every one still scheduled, unref'd or not.
 */
export function trackTimers(): { pending: () => string[]; scheduled: () => string[]; stop: () => void } {
  const live = new Map<number, { timer: any; createdBy: string }>();
  const hook = createHook({
    init(id, type, _trigger, resource) {
      if (type !== 'Timeout') return;
      const frames = (new Error().stack ?? '').split('\n').map((l) => l.trim());
      const scheduler = frames.findIndex((f) => /^at (setTimeout|setInterval) \(node:timers/.test(f));
      // Node's own timers (socket timeouts and the like) come from no setTimeout/setInterval call: not ours.
      if (scheduler < 0) return;
      const createdBy = frames[scheduler + 1] ?? '';
      if (/[\\/]node_modules[\\/](jest[^\\/]*|@jest)[\\/]/.test(createdBy)) return;
      live.set(id, { timer: resource, createdBy });
    },
    destroy(id) {
      live.delete(id);
    },
  }).enable();
  return {
    pending: () => [...live.values()].filter(({ timer }) => !timer._destroyed && timer.hasRef()).map(({ createdBy }) => createdBy),
    scheduled: () => [...live.values()].filter(({ timer }) => !timer._destroyed).map(({ createdBy }) => createdBy),
    stop: () => hook.disable(),
  };
}

/** A FakeLP route answering `reply` after `delay` ms, counting how many calls overlap. */
export function slowRoute<R>(delay: number, reply: R): { route: () => Promise<R>; stats: { inFlight: number; maxInFlight: number } } {
  const stats = { inFlight: 0, maxInFlight: 0 };
  const route = async () => {
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    await pause(delay);
    stats.inFlight--;
    return reply;
  };
  return { route, stats };
}
