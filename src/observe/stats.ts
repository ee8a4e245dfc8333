import type { Outcome } from '../requests/pending';
import { REQUEST_NAMES } from '../requests/table';

/** Outcomes of one request type. */
export interface RequestCounts {
  /** Requests written to the socket. */
  sent: number;
  /** Answered with a code below 400. */
  answered: number;
  /**
   * Answered with an error (code ≥ 400, or a response the SDK could not rewrite); or never
   * answered because the socket closed, the agent was disposed or the promise was cancelled;
   * or refused at once because the socket was not open.
   */
  failed: number;
  /** Not answered within `requestTimeout`. */
  timedOut: number;
}

/** What {@link Agent.stats} returns: a snapshot, detached from the agent. */
export interface AgentStats {
  /** By request method name (`getClock`, `publishEvent`, ...), with or without a callback. */
  requests: Record<string, RequestCounts>;
  /** Requests a callback waits for now (`pendingRequestCount`). */
  pending: number;
  /** By event type as emitted (`ms.MessagingEventNotification`, ...); a notification without a type counts as `(none)`. */
  notifications: Record<string, number>;
  /** `error` events by location (`Connect#Login`, `AutoReconnect`, ...); socket errors count as `Socket`. */
  errors: Record<string, number>;
  connection: {
    connected: boolean;
    /** Sockets that opened. */
    opens: number;
    /** Time the agent has had an open socket, in ms, the current connection included. */
    connectedMs: number;
    /** When the current connection opened (epoch ms); null while not connected. */
    connectedSince: number | null;
  };
  reconnects: {
    /** Reconnect attempts: automatic ones and `reconnect()` calls. */
    attempts: number;
    /** Automatic reconnects that ended with an open socket. */
    succeeded: number;
    /** Attempts by cause: `close:<code>`, `connect:<code or error>`, `requested` (a `reconnect()` call). */
    causes: Record<string, number>;
  };
  /**
   * Request round trips (sent → answer) in ms, over the last 1,024 sampled answers younger than
   * 60 s. Sampled: every request while no two are sent in the same millisecond, else the first
   * of each millisecond.
   */
  latency: { samples: number; windowMs: number; p50: number | null; p90: number | null; p99: number | null };
}

/** The latency window: at most `samples` answers, none older than `ms`. */
export const LATENCY_WINDOW = { samples: 1024, ms: 60_000 } as const;

/** A server sending ever new types must not grow the maps without bound. */
const MAX_KEYS = 200;
const OTHER = '(other)';
/** What `notificationCounts` is until the first notification: never written (no type matches before then). */
const NO_COUNTS: number[] = [];

/** The ring's length: a (time, ms) pair per sampled answer. A power of two, so the index wraps with a mask. */
const RING = LATENCY_WINDOW.samples * 2;

/**
 * Percentiles of the latencies in a ring of (time, ms) pairs (see {@link StatsRecorder.answered}),
 * sorted only when read: at most the window's samples, none older than its time span at `now`.
 */
export function latencySummary(ring: readonly number[], now: number): AgentStats['latency'] {
  const recent: number[] = [];
  for (let i = 0; i < ring.length; i += 2) if (now - ring[i] <= LATENCY_WINDOW.ms) recent.push(ring[i + 1]);
  recent.sort((a, b) => a - b);
  const pick = (p: number) => (recent.length ? round(recent[Math.ceil(p * recent.length) - 1]) : null);
  return { samples: recent.length, windowMs: LATENCY_WINDOW.ms, p50: pick(0.5), p90: pick(0.9), p99: pick(0.99) };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/**
 * Where each request type's four counters sit in {@link StatsRecorder}'s one array. Answers are
 * not counted: they are the requests sent less those waiting and those that ended otherwise.
 */
const SENT = 0;
/** Failed after being sent: an error answer, the socket closing, a cancel. */
const FAILED = 1;
const TIMED_OUT = 2;
/** Failed before being sent: the socket was not open. */
const REFUSED = 3;
const PER_TYPE = 4;

/**
 * Counts by name in one growing array, each name's place found with one map lookup, and at most
 * 200 names: past them the rest count under `(other)`.
 */
class Tally {
  private readonly index = new Map<string, number>();
  readonly counts: number[] = [];

  add(name: string): void {
    this.counts[this.placeOf(name)]++;
  }

  /** Where `name` is counted: its own place, or `(other)`'s once the cap is reached. */
  placeOf(name: string): number {
    let i = this.index.get(name);
    if (i !== undefined) return i;
    const key = this.index.size < MAX_KEYS ? name : OTHER;
    i = this.index.get(key);
    if (i === undefined) {
      i = this.counts.push(0) - 1;
      this.index.set(key, i);
    }
    return i;
  }

  /** True when `name` has a place of its own (it is not folded into `(other)`). */
  holds(name: string): boolean {
    return this.index.has(name);
  }

  toObject(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, i] of this.index) out[name] = this.counts[i];
    return out;
  }
}

/**
 * The counters behind `agent.stats()`. Every hook is a few increments: they run on every
 * request and notification, always. The tables are made on first use, so an idle agent pays
 * only for this object.
 */
export class StatsRecorder {
  /**
   * Four counters per request type (sent, failed, timed out, refused) at `index * 4`, the index
   * being the type's place in `REQUEST_NAMES`: no object per type, no lookup by name. Made with
   * the first request, like the latency ring.
   */
  private requestCounts: number[] | undefined;
  private notifications: Tally | undefined;
  /** The last notification type counted, and where: `notificationCounts[lastNotificationAt]`. */
  private lastNotification: string | undefined;
  private lastNotificationAt = 0;
  private notificationCounts: number[] = NO_COUNTS;
  private errors: Tally | undefined;
  private causes: Tally | undefined;
  /**
   * The latency ring: a (time, ms) pair per sampled answer, in one flat array (one array to grow
   * and write measured about 2 % less CPU on a request/response burst than two). Until it is
   * full, `latencyNext` is its length, so the same two writes append. Made with the first request
   * (in `startCounting`) rather than on the first answer, where the check would sit on the answer
   * path: a request is answered only after it was sent. An agent that never sends one holds none.
   */
  private latency: number[] | undefined;
  private latencyNext = 0;
  private opens = 0;
  private attempts = 0;
  private succeeded = 0;
  private connectedMs = 0;
  private connectedSince: number | undefined;

  /**
   * One request written to the socket; `index`: its type's place in `REQUEST_NAMES` (the
   * request table's `index`), which the pending map also keeps with the request as its tag. A
   * static index rather than a lookup by name leaves this an increment, with no slow path that V8
   * would compile into the send path along with it.
   */
  sent(index: number): void {
    const counts = this.requestCounts ?? this.startCounting();
    counts[index * PER_TYPE + SENT]++;
  }

  /** One request refused: the socket was not open. */
  refused(index: number): void {
    const counts = this.requestCounts ?? this.startCounting();
    counts[index * PER_TYPE + REFUSED]++;
  }

  /** The request counters and the latency ring, made with the first request. */
  private startCounting(): number[] {
    this.latency = [];
    return (this.requestCounts = new Array<number>(REQUEST_NAMES.length * PER_TYPE).fill(0));
  }

  /** The counters of the type at `index`, as a detached object; `waiting`: its requests not ended yet. */
  private counts(c: readonly number[], index: number, waiting = 0): RequestCounts {
    const at = index * PER_TYPE;
    const sent = c[at + SENT];
    return { sent, answered: sent - waiting - c[at + FAILED] - c[at + TIMED_OUT], failed: c[at + FAILED] + c[at + REFUSED], timedOut: c[at + TIMED_OUT] };
  }

  /**
   * A request answered with an error (`failed`), or one whose round trip is sampled
   * (`launchTime`, its `Date.now()` when sent; see `PendingRequests.add`). Successful answers
   * are not told one by one (see `counts`). The latency goes into the ring in whole ms from
   * `Date.now()`: it costs no allocation, and the service's round trips are tens of ms.
   */
  answered(index: number, failed: boolean, launchTime: number | undefined): void {
    // Made by `sent`: a request is answered or ends only after it was sent.
    if (failed) (this.requestCounts as number[])[index * PER_TYPE + FAILED]++;
    if (launchTime === undefined) return;
    const ring = this.latency as number[];
    const at = this.latencyNext;
    const now = Date.now();
    ring[at] = now;
    ring[at + 1] = now - launchTime;
    this.latencyNext = (at + 2) & (RING - 1);
  }

  /** A request ended without an answer. */
  ended(index: number, outcome: Exclude<Outcome, 'response'>): void {
    (this.requestCounts as number[])[index * PER_TYPE + (outcome === 'timeout' ? TIMED_OUT : FAILED)]++;
  }

  /**
   * One notification, emitted as `type`. A run of one type (the usual case: one bot's stream of
   * events) costs a comparison and an increment, here, with no call further down: the place of
   * the last type counted is kept in this object.
   */
  notification(type: string): void {
    if (type === this.lastNotification) this.notificationCounts[this.lastNotificationAt]++;
    else this.notificationOfAnotherType(type);
  }

  private notificationOfAnotherType(type: string): void {
    const tally = (this.notifications ??= new Tally());
    const at = tally.placeOf(type);
    tally.counts[at]++;
    // A type folded into (other) is not remembered, so that the next one comes here again.
    if (!tally.holds(type)) return;
    this.lastNotification = type;
    this.lastNotificationAt = at;
    this.notificationCounts = tally.counts;
  }

  error(location: string): void {
    (this.errors ??= new Tally()).add(location);
  }

  opened(now = Date.now()): void {
    this.opens++;
    this.connectedSince ??= now;
  }

  /** The socket is gone (closed by the server, the network or the SDK); safe to call twice. */
  down(now = Date.now()): void {
    if (this.connectedSince === undefined) return;
    this.connectedMs += now - this.connectedSince;
    this.connectedSince = undefined;
  }

  reconnecting(cause: string): void {
    this.attempts++;
    (this.causes ??= new Tally()).add(cause);
  }

  reconnected(): void {
    this.succeeded++;
  }

  /** `pending`: requests a callback waits for; `waiting`: every request not ended yet, by type index (`PendingRequests.waitingByTag`). */
  snapshot(pending: number, waiting: readonly number[] = [], now = Date.now()): AgentStats {
    const requests: Record<string, RequestCounts> = {};
    const counts = this.requestCounts;
    // The types ever sent or refused, in the table's order.
    if (counts) {
      REQUEST_NAMES.forEach((name, i) => {
        if (counts[i * PER_TYPE + SENT] + counts[i * PER_TYPE + REFUSED] > 0) requests[name] = this.counts(counts, i, waiting[i]);
      });
    }
    const since = this.connectedSince;
    return {
      requests,
      pending,
      notifications: this.notifications?.toObject() ?? {},
      errors: this.errors?.toObject() ?? {},
      connection: {
        connected: since !== undefined,
        opens: this.opens,
        connectedMs: this.connectedMs + (since === undefined ? 0 : now - since),
        connectedSince: since ?? null,
      },
      reconnects: { attempts: this.attempts, succeeded: this.succeeded, causes: this.causes?.toObject() ?? {} },
      latency: latencySummary(this.latency ?? [], now),
    };
  }
}
