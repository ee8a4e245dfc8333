import { randomUUID } from 'crypto';
import { NotConnectedError } from './errors';
import type { Identity } from './identity';
import type { IncomingSink } from './incoming';
import { REQUESTS } from './requests/table';
import type { RequestName, RequestSpec } from './requests/table';
import type { PendingRequests, Settle } from './requests/pending';
import { SessionMemory } from './requests/memory';
import type { Transport } from './transport';
import type { EventContext } from './types';
import type { Observer } from './observe';

/** Restore requests after a reconnect go out at most this many at a time. */
const RESTORE_IN_FLIGHT = 20;

/** What the requests need of their agent. */
export interface RequestLink {
  /** Emits `error` (with its location). */
  report(err: unknown, context?: EventContext): void;
  /** The current transport (open or opening), if any. */
  transport(): Transport | null | undefined;
  /** The agent's `connected`: requests go out only while it is true. */
  connected(): boolean | undefined;
  /** Set-up requests are remembered and replayed after an automatic reconnect (`autoReconnect.restoreSubscriptions`). */
  restores(): boolean;
}

/**
 * The way out: every request (callback and promise alike) becomes a frame, is tracked until
 * its answer, and is remembered when it sets something up that a reconnect must set up again.
 * After an automatic reconnect, `restore()` replays what was remembered.
 */
export class OutgoingRequests {
  constructor(
    private readonly sink: IncomingSink,
    private readonly me: Identity,
    private readonly pending: PendingRequests,
    private readonly memory: SessionMemory,
    private readonly observe: Observer,
    private readonly link: RequestLink,
  ) {}

  /**
   * The one path every request takes; the request id, or undefined when the socket is not open.
   * What most requests skip (a body rewrite, a refusal, remembering a set-up) lives in functions
   * of its own: V8 inlines a hot path only up to a budget of code, and this path and what it
   * calls (counting, the pending map, the socket) should all fit.
   */
  send(
    name: RequestName,
    body: unknown,
    headers: unknown,
    metadata: unknown,
    encodedMetadata: unknown,
    settle: Settle | undefined,
    timeout?: number,
    replaces?: string,
  ): string | undefined {
    const spec: RequestSpec = REQUESTS[name];
    const wire = spec.rewrite ? spec.rewrite({ type: spec.type, body }, this.me) : undefined;
    const transport = this.link.transport();
    if (!this.link.connected() || !transport) return this.refuse(name, settle);
    const id = randomUUID();
    const frame = { kind: 'req', id, type: wire ? wire.type : spec.type, body: (wire ? wire.body : body) || {}, headers, metadata, encodedMetadata };
    const track = this.link.restores() ? this.tracking(name, body, settle, replaces) : settle;
    if (this.observe.tracing) this.observe.frameOut(frame);
    // Counted just before `add`: the statistics take a sent request that is not waiting as ended.
    this.observe.stats.sent(spec.index);
    if (track) this.pending.add(id, track, timeout, spec.index);
    else this.pending.watch(id, spec.index);
    transport.send(frame);
    this.sink.emit('message:sent', frame);
    return id;
  }

  /** The socket is not open: the callback, else an `error` naming the request, says so. */
  private refuse(name: RequestName, settle: Settle | undefined): undefined {
    this.observe.refused(name);
    // Without a callback the failure would vanish: it becomes an `error` naming the request.
    if (settle) settle(new NotConnectedError());
    else this.link.report(new NotConnectedError(), { location: `Request#${name}` });
    return undefined;
  }

  /** With restoring on: a set-up request is noted as sent, and its callback wrapped to remember it. */
  private tracking(name: RequestName, body: unknown, settle: Settle | undefined, replaces: string | undefined): Settle | undefined {
    if (!SessionMemory.tracks(name)) return settle;
    this.memory.sent(name, body);
    return this.remembering(name, body, settle, replaces);
  }

  /**
   * Replays what the bot had set up, after an automatic reconnect, at most RESTORE_IN_FLIGHT
   * requests at a time. Failures surface as `error`; a replay that could not run because the
   * socket went away stays remembered for the next reconnect.
   */
  restore(): void {
    const queue = this.memory.takeReplays();
    const transport = this.link.transport();
    const next = (): void => {
      const replay = queue.shift();
      if (!replay || this.link.transport() !== transport || !transport) return;
      const { name, body, replaces } = replay;
      this.send(name, body, undefined, undefined, undefined, (err) => {
        if (err && this.link.transport() === transport) this.link.report(err, { location: 'AutoReconnect' });
        next();
      }, undefined, replaces);
    };
    for (let i = 0; i < RESTORE_IN_FLIGHT; i++) next();
  }

  /** Wraps a callback so a successful set-up request is remembered for auto-reconnect. */
  private remembering(name: RequestName, body: unknown, settle: Settle | undefined, replaces?: string): Settle {
    return (err, response) => {
      if (!err) this.memory.record(name, body, response, replaces);
      else this.memory.failed(name, body);
      settle?.(err, response);
    };
  }
}
