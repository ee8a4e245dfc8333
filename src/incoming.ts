import type WebSocket from 'ws';
import { TransformError } from './errors';
import { INCOMING } from './transforms';
import type { IncomingRewrite, Rewritten } from './transforms';
import type { Identity } from './identity';
import type { PendingRequests } from './requests/pending';
import type { SessionMemory } from './requests/memory';
import type { EventContext } from './types';
import { SDK_EVENT_NAMES } from './events';
import type { Observer } from './observe';

/**
 * The rewrites by raw type. A Map answers only its own keys whatever the type is (`constructor`,
 * `__proto__`, a number), in one lookup where an own-key check of the table and a read took two.
 */
const REWRITES: ReadonlyMap<unknown, IncomingRewrite> = new Map(Object.entries(INCOMING));

/** The emitter the events go to: the Agent itself, so whatever it does in `emit` applies. */
export interface IncomingSink {
  emit(event: string, ...args: any[]): unknown;
}

type ReportError = (err: unknown, context?: EventContext) => void;

/**
 * Turns socket text into events and answers: parse, rewrite (as the JavaScript SDK did), emit
 * the new type then `notification`, and settle the request a response belongs to. Types are
 * looked up as own keys only, and a type equal to one of the SDK's own event names (`error`,
 * `connected`, …) is never emitted under that name: the server does not choose our events.
 */
export class IncomingRouter {
  constructor(
    private readonly sink: IncomingSink,
    private readonly reportError: ReportError,
    private readonly me: Identity,
    private readonly pending: PendingRequests,
    private readonly memory: SessionMemory,
    private readonly observe: Observer,
  ) {}

  /** `onFrame` bound to this router, for `ws` to call directly with each message. */
  readonly frames: (data: WebSocket.RawData) => void = this.onFrame.bind(this);

  /** What the rewrites warn through: made on the first rewrite, not per frame nor per agent. */
  private warn?: (warning: { message: string }) => void;

  onFrame(data: WebSocket.RawData): void {
    let msg: any;
    const text = data.toString();
    try {
      msg = JSON.parse(text);
    } catch {
      // The original passes text it cannot parse on as it is, which has no kind: nothing happens.
      if (this.observe.tracing) this.observe.frameIn(text);
      return;
    }
    if (this.observe.tracing) this.observe.frameIn(msg);
    if (!msg || typeof msg !== 'object') return;
    try {
      if (msg.kind === 'notification') this.onNotification(msg);
      else if (msg.kind === 'resp') this.onResponse(msg);
    } catch (thrown) {
      // A listener threw: report it rather than let it unwind into the socket.
      this.reportError(thrown, { location: 'Listener' });
    }
  }

  private onNotification(msg: any): void {
    if (!msg.type) {
      this.observe.stats.notification('(none)');
      this.sink.emit('notification', msg);
      return;
    }
    const rewrite = REWRITES.get(msg.type);
    if (rewrite) {
      const rewritten = this.rewrite(rewrite, msg);
      if (rewritten instanceof TransformError) return;
      msg = rewritten.msg;
    }
    this.emitNotification(msg);
  }

  private emitNotification(msg: any): void {
    if (msg.type === 'ms.MessagingEventNotification' && msg.body) this.memory.sawEvents(msg.body.dialogId, msg.body.changes);
    if (msg.type === 'cqm.ExConversationChangeNotification' && msg.body) this.memory.sawConversationChanges(msg.body.changes);
    this.observe.stats.notification(msg.type);
    if (!SDK_EVENT_NAMES.has(msg.type)) this.sink.emit(msg.type, msg.body);
    this.sink.emit('notification', msg);
  }

  /**
   * A response without a rewrite (most of them) goes straight to `deliverResponse`; one with a
   * rewrite takes a method of its own, which keeps this path short, for V8 to inline into the
   * frame handler (traced with `--trace-turbo-inlining`, it did; the difference in CPU time was
   * within the bench's noise).
   */
  private onResponse(msg: any): void {
    const rewrite = REWRITES.get(msg.type);
    if (rewrite) this.onRewrittenResponse(rewrite, msg);
    else this.deliverResponse(msg.reqId, msg, undefined);
  }

  private onRewrittenResponse(rewrite: IncomingRewrite, raw: any): void {
    const rewritten = this.rewrite(rewrite, raw);
    // The original dropped the response and let the request time out; the real cause is better.
    if (rewritten instanceof TransformError) this.pending.answer(raw.reqId, rewritten, undefined);
    else this.deliverResponse(raw.reqId, rewritten.msg, rewritten.notification);
  }

  /** Emits a response (after the notification its rewrite made, if any), then answers its request. */
  private deliverResponse(reqId: string, msg: any, notification: unknown): void {
    const error = msg.code !== undefined && msg.code > 399 ? msg : null;
    try {
      if (notification) this.emitNotification(notification);
      if (msg.type && !SDK_EVENT_NAMES.has(msg.type)) this.sink.emit(msg.type, msg.body, msg.reqId);
    } finally {
      // Listeners may throw; the request is still answered, exactly once.
      this.pending.answer(reqId, error, msg.body);
    }
  }

  /** Applies the incoming rewrite; a frame it cannot handle becomes a TransformError event. */
  private rewrite(rewrite: IncomingRewrite, msg: any): Rewritten | TransformError {
    try {
      this.warn ??= (warning) => {
        this.observe.warning(warning.message);
        this.sink.emit('warn', warning);
      };
      return rewrite(msg, this.me, this.warn);
    } catch (cause) {
      const error = new TransformError(cause, msg);
      this.reportError(error);
      return error;
    }
  }
}
