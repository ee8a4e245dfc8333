export type Settle = (err: any, body?: any) => void;

/** How a pending request ended: its response, its deadline, its socket closing, or a cancel. */
export type Outcome = 'response' | 'timeout' | 'closed' | 'cancelled';

interface Entry {
  settle: Settle;
  /** When it was sent and how long it may wait (ms), as the original kept them per request. */
  launchTime: number;
  timeout: number;
  /** Set only for a request with its own timeout; it then times out by itself. */
  timer?: NodeJS.Timeout;
  /**
   * What the owner attached in `add` (the index of the request type's counters), handed back to
   * `outcomes`; kept as `~tag` (negative) when the request's round trip is sampled (see `add`).
   */
  tag: number | undefined;
}

/** The owner's tag of an entry, with the sampling mark taken off. */
const untag = (tag: number): number => (tag < 0 ? ~tag : tag);

/**
 * Hears how each tagged request ended (the agent's statistics). A successful answer to a request
 * whose round trip is not sampled is not told: the listener counts those as what is left of the
 * requests it saw sent once the waiting ones ({@link PendingRequests.waitingByTag}) and the told
 * endings are taken away. So most answers reach their callback with no call on the way.
 */
export interface OutcomeListener {
  /** Its response came, and it carried an error (`failed`) or its round trip is sampled (`launchTime` given, when it was sent). */
  answered(tag: number, failed: boolean, launchTime: number | undefined): void;
  /** It ended without a response: its deadline, its socket closing, a cancel. */
  ended(tag: number, outcome: Exclude<Outcome, 'response'>): void;
}

export interface PendingOptions {
  /** Default time (ms) a request may wait for its response; read at each `add`. */
  readonly timeout: number;
  /** How often (ms) the shared timeout is checked; read whenever a check is scheduled. */
  readonly checkInterval: number;
  /** Builds the error a timed-out request gets. */
  timeoutError: () => unknown;
  /** Receives what a callback threw, so one faulty callback cannot break the bookkeeping. */
  onCallbackError: (thrown: unknown) => void;
  /** Told of each request with a tag as it ends, before its callback runs; must not throw. */
  outcomes?: OutcomeListener;
}

/** The callback of a request nobody waits for (see `watch`). */
const NOBODY: Settle = () => undefined;

/** The map of every instance with nothing sent yet: `add` gives an instance its own first, so an idle agent holds none. */
const NONE_YET: Map<string, Entry> = new Map();

/**
 * Requests awaiting a response: id → callback. Each request is settled exactly once, by its
 * response, its timeout, or `failAll`. Requests under the shared timeout sit in a Map in send
 * order, so their deadlines are ascending: a sweep stops at the first one still in time, which
 * keeps the cost linear in the number of requests rather than quadratic.
 */
export class PendingRequests {
  private entries = NONE_YET;
  /** How many entries are `watch`ed ones: not shown in `size` or `snapshot`. */
  private watched = 0;
  private sweeper: NodeJS.Timeout | undefined;
  /** The latest deadline under the shared timeout; the sweep relies on them never decreasing. */
  private lastDeadline = 0;
  /** When the latest request with a sampled round trip was sent (`Date.now()`). */
  private lastSampled = 0;

  /** Kept apart from `options` (which has getters): read on every settle. */
  private readonly outcomes: OutcomeListener | undefined;

  constructor(private readonly options: PendingOptions) {
    this.outcomes = options.outcomes;
  }

  /** Requests a callback waits for. */
  get size(): number {
    return this.entries.size - this.watched;
  }

  has(id: string): boolean {
    const entry = this.entries.get(id);
    return entry !== undefined && entry.settle !== NOBODY;
  }

  /**
   * A request sent without a callback, kept only so that its outcome (answer, timeout, close)
   * reaches the outcome listener; invisible in `size` and `snapshot`, as the original did not
   * queue such requests.
   */
  watch(id: string, tag: number): void {
    this.add(id, NOBODY, undefined, tag);
    this.watched++;
  }

  /**
   * Registers a request; `timeout` overrides the shared timeout for this one request. A tagged
   * request's round trip is sampled when it is the first sent in its millisecond: every request at
   * a bot's usual pace, and in a burst at most a thousand a second, so that the answers of most
   * requests in a burst need no call to the listener (bench/README.md, "What the statistics cost").
   */
  add(id: string, settle: Settle, timeout?: number, tag?: number): void {
    const launchTime = Date.now();
    const wait = timeout ?? this.options.timeout;
    if (launchTime !== this.lastSampled && tag !== undefined) {
      this.lastSampled = launchTime;
      tag = ~tag;
    }
    const entry: Entry = { settle, launchTime, timeout: wait, tag };
    const deadline = launchTime + wait;
    // A shared timeout lowered meanwhile would put this deadline before earlier ones: own timer.
    if (timeout !== undefined || deadline < this.lastDeadline) this.startOwnTimer(id, entry);
    else {
      this.lastDeadline = deadline;
      if (!this.sweeper) this.scheduleSweep();
    }
    if (this.entries === NONE_YET) this.entries = new Map();
    this.entries.set(id, entry);
  }

  /*
   * The two branches of `add` that most requests skip are methods of their own, so that `add`,
   * which runs for every request, stays short: V8 inlines a function only up to a budget of
   * bytecode, and a closure counts there even when its branch is not taken. (No change in CPU
   * time could be measured either way: bench/README.md.)
   */
  private startOwnTimer(id: string, entry: Entry): void {
    entry.timer = setTimeout(() => this.expire(id), entry.timeout).unref();
  }

  /** Unref'd: requests wait on an open socket, which keeps the process alive; a close fails them all. */
  private scheduleSweep(): void {
    this.sweeper = setTimeout(() => this.sweep(), this.options.checkInterval).unref();
  }

  /** The waiting requests as the original exposed them: id → {callback, launchTime, timeout}. */
  snapshot(): Record<string, { callback: Settle; launchTime: number; timeout: number }> {
    const view: Record<string, { callback: Settle; launchTime: number; timeout: number }> = {};
    for (const [id, { settle, launchTime, timeout }] of this.entries) if (settle !== NOBODY) view[id] = { callback: settle, launchTime, timeout };
    return view;
  }

  /**
   * Settles one request with its response; false when it is unknown or already settled.
   * The path of every answer, kept apart from the other endings and short on purpose: V8 inlines
   * the response path into the frame handler only while it fits a budget of bytecode, and with
   * the statistics in one shared path, `--trace-turbo-inlining` showed it over that budget.
   */
  answer(id: string, err: unknown, body: unknown): boolean {
    const entry = this.take(id);
    if (entry === undefined) return false;
    if (entry.settle === NOBODY) this.watched--;
    if (err || (entry.tag as number) < 0) this.tellAnswer(entry, !!err);
    this.invoke(entry.settle, err, body);
    return true;
  }

  /** An answer the listener hears of: an error, or a sampled round trip. */
  private tellAnswer({ tag, launchTime }: Entry, failed: boolean): void {
    if (tag === undefined || !this.outcomes) return;
    if (tag < 0) this.outcomes.answered(~tag, failed, launchTime);
    else this.outcomes.answered(tag, failed, undefined);
  }

  /** How many requests wait under each tag (watched ones included), by tag. */
  waitingByTag(): number[] {
    const counts: number[] = [];
    for (const { tag } of this.entries.values()) {
      if (tag === undefined) continue;
      const index = untag(tag);
      counts[index] = (counts[index] ?? 0) + 1;
    }
    return counts;
  }

  /** Settles one request without a response (cancelled); false when it is unknown or already settled. */
  settle(id: string, err: unknown, body?: unknown): boolean {
    const entry = this.take(id);
    if (entry === undefined) return false;
    this.finish(entry, err, body, 'cancelled');
    return true;
  }

  /** Takes a request out of the map and stops its own timer, if it has one. */
  private take(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    this.entries.delete(id);
    if (entry.timer) clearTimeout(entry.timer);
    return entry;
  }

  /** An entry already out of the map, ended without a response: counted, then its callback called. */
  private finish(entry: Entry, err: unknown, body: unknown, outcome: Exclude<Outcome, 'response'>): void {
    if (entry.settle === NOBODY) this.watched--;
    if (entry.tag !== undefined) this.outcomes?.ended(untag(entry.tag), outcome);
    this.invoke(entry.settle, err, body);
  }

  /**
   * Settles every pending request with an error (socket closed, agent disposed): the timeout
   * error unless `error` is given. With `soon`, they leave the map at once but their callbacks
   * run on the next tick, after the caller's code.
   */
  failAll({ soon = false, error = this.options.timeoutError }: { soon?: boolean; error?: () => unknown } = {}): void {
    const entries = this.dropAll();
    if (entries.length === 0) return;
    const settleAll = () => {
      for (const entry of entries) this.invoke(entry.settle, error());
    };
    if (soon) process.nextTick(settleAll);
    else settleAll();
  }

  /** Stops every timer; pending requests are dropped unanswered (use failAll first). */
  dispose(): void {
    this.dropAll();
  }

  /**
   * Empties the map and stops every timer; returns the dropped requests a callback waits for.
   * The listener hears of each dropped request as closed: it counts a request that left without
   * being told as answered.
   */
  private dropAll(): Entry[] {
    const waiting = [...this.entries.values()].filter((entry) => {
      if (entry.timer) clearTimeout(entry.timer);
      if (entry.tag !== undefined) this.outcomes?.ended(untag(entry.tag), 'closed');
      return entry.settle !== NOBODY;
    });
    this.entries.clear();
    this.watched = 0;
    this.stopSweeper();
    return waiting;
  }

  /**
   * Times out the requests past their deadline under the shared timeout. Finding them and timing
   * them out are two small functions rather than two loops in one: thousands time out at once,
   * and V8 compiles a hot loop on the spot, so one function with both loops was compiled, then
   * thrown away on reaching code not yet run, several times per sweep (about 30 ms of compiling
   * for 20,000 timeouts).
   */
  private sweep(): void {
    this.sweeper = undefined;
    const ids: string[] = [];
    const expired: Entry[] = [];
    const waiting = this.findExpired(Date.now(), ids, expired);
    this.timeOutAll(ids, expired);
    // A callback above may have sent a request, which then already scheduled the next sweep.
    if (waiting && !this.sweeper) this.scheduleSweep();
  }

  /** Fills `ids` and `expired` with the requests past their deadline; true when some are still in time. */
  private findExpired(now: number, ids: string[], expired: Entry[]): boolean {
    for (const [id, entry] of this.entries) {
      if (entry.timer) continue;
      if (entry.launchTime + entry.timeout >= now) return true;
      ids.push(id);
      expired.push(entry);
    }
    return false;
  }

  /**
   * Each request leaves the map by `delete` alone: its result says whether a callback run
   * meanwhile settled it (no second lookup, which with thousands at once was measurable).
   * The error is made here in the loop, not in a helper it calls: V8 records the stack when an
   * Error is made, and making the errors is most of what timing out costs. With the helper,
   * 40,000 timeouts took 3.1 % (+2.4 .. +4.0) more CPU, 61 runs compared directly.
   * Nobody waits for a watched request, so it gets no error.
   */
  private timeOutAll(ids: string[], expired: Entry[]): void {
    for (let i = 0; i < ids.length; i++) {
      if (!this.entries.delete(ids[i])) continue;
      const entry = expired[i];
      this.finish(entry, entry.settle === NOBODY ? true : this.options.timeoutError(), undefined, 'timeout');
    }
  }

  /** A request with its own timer, at its deadline (the same ending as in `timeOutAll`). */
  private expire(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.finish(entry, entry.settle === NOBODY ? true : this.options.timeoutError(), undefined, 'timeout');
  }

  private stopSweeper(): void {
    if (this.sweeper) clearTimeout(this.sweeper);
    this.sweeper = undefined;
  }

  private invoke(settle: Settle, err: unknown, body?: unknown): void {
    try {
      settle(err, body);
    } catch (thrown) {
      this.options.onCallbackError(thrown);
    }
  }
}
