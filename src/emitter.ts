import EventEmitter from 'eventemitter3';

/** A listener of any event. */
export type Listener = (...args: any[]) => void;

/** Names an emitter with the event map `M` accepts (for an Agent: its events, raw wire types and `ClassName.Event` names). */
export type EventName<M extends object> = EventEmitter.EventNames<M>;
/** The listener of event `E` in the map `M`. */
export type EventListenerOf<M extends object, E extends EventName<M>> = EventEmitter.EventListener<M, E>;

/**
 * eventemitter3 (fast, no crash on an unhandled `error`) plus the members of Node's
 * EventEmitter it lacks, so bots written against the original SDK, which extended Node's
 * emitter, keep working: setMaxListeners, getMaxListeners, prependListener,
 * prependOnceListener, rawListeners. Listening is typed by the event map `M`: a misspelt
 * event name does not compile.
 */
// The interface below merges on purpose: it loosens `emit` only.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class TypedEmitter<M extends object> extends EventEmitter<M> {
  private maxListeners = 10;

  /** Kept for compatibility; eventemitter3 never warns about listener counts. */
  setMaxListeners(n: number): this {
    this.maxListeners = n;
    return this;
  }

  /** The value last given to `setMaxListeners` (10 by default). */
  getMaxListeners(): number {
    return this.maxListeners;
  }

  /** The listeners of `event` (eventemitter3 has no wrappers to unwrap). */
  rawListeners<E extends EventName<M>>(event: E): Array<EventListenerOf<M, E>> {
    return this.listeners(event);
  }

  /** Like `on`, but runs before the listeners already added. */
  prependListener<E extends EventName<M>>(event: E, fn: EventListenerOf<M, E>, context?: unknown): this {
    return this.addFirst(event, () => this.on(event, fn, context));
  }

  /** Like `once`, but runs before the listeners already added. */
  prependOnceListener<E extends EventName<M>>(event: E, fn: EventListenerOf<M, E>, context?: unknown): this {
    return this.addFirst(event, () => this.once(event, fn, context));
  }

  /** Adds with `add`, then moves the new listener to the front of eventemitter3's list. */
  private addFirst(event: string | number | symbol, add: () => void): this {
    add();
    const prefix = EventEmitter.prefixed;
    const list = (this as any)._events[prefix ? prefix + String(event) : (event as string)];
    if (Array.isArray(list)) list.unshift(list.pop());
    return this;
  }
}

/**
 * Emitting stays loosely typed: the SDK emits raw wire types it does not know, and subclasses
 * emit events of their own. Only listening is checked against the map.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-unused-vars
export interface TypedEmitter<M extends object> {
  /** Calls the listeners of `event` with `args`; true when there were any. */
  emit(event: PropertyKey, ...args: unknown[]): boolean;
}
