import EventEmitter from 'eventemitter3';

/** A listener of any event. */
export type Listener = (...args: any[]) => void;

/**
 * eventemitter3 (fast, no crash on an unhandled `error`) plus the members of Node's
 * EventEmitter it lacks, so bots written against the original SDK, which extended Node's
 * emitter, keep working: setMaxListeners, getMaxListeners, prependListener,
 * prependOnceListener, rawListeners.
 */
class CompatEmitter extends EventEmitter {
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
  rawListeners(event: string | symbol): Listener[] {
    return this.listeners(event);
  }

  /** Adds a listener before the ones already added. */
  prependListener(event: string | symbol, fn: Listener, context?: unknown): this {
    return this.addFirst(event, () => this.on(event, fn, context));
  }

  /** Adds a one-time listener before the ones already added. */
  prependOnceListener(event: string | symbol, fn: Listener, context?: unknown): this {
    return this.addFirst(event, () => this.once(event, fn, context));
  }

  /** Adds with `add`, then moves the new listener to the front of eventemitter3's list. */
  private addFirst(event: string | symbol, add: () => void): this {
    add();
    const prefix = EventEmitter.prefixed;
    const list = (this as any)._events[prefix ? prefix + String(event) : (event as string)];
    if (Array.isArray(list)) list.unshift(list.pop());
    return this;
  }
}

type Listeners<M> = { [E in keyof M]: (...args: any[]) => void };

/**
 * Typed listener registration: names in the map `M` get their payload types, and any other
 * name (a raw notification type) still compiles with untyped arguments.
 */
export class TypedEmitter<M extends Listeners<M>> extends CompatEmitter {
  /** Listens to `event` (the map's events get their payload types). */
  override on<E extends keyof M & string>(event: E, listener: M[E], context?: unknown): this;
  /** Listens to `event` (the map's events get their payload types). */
  override on(event: string | symbol, listener: Listener, context?: unknown): this;
  override on(event: string | symbol, listener: Listener, context?: unknown): this {
    return super.on(event, listener, context);
  }

  /** Listens to the next `event` only. */
  override once<E extends keyof M & string>(event: E, listener: M[E], context?: unknown): this;
  /** Listens to the next `event` only. */
  override once(event: string | symbol, listener: Listener, context?: unknown): this;
  override once(event: string | symbol, listener: Listener, context?: unknown): this {
    return super.once(event, listener, context);
  }

  /** Same as `on`. */
  override addListener<E extends keyof M & string>(event: E, listener: M[E], context?: unknown): this;
  /** Same as `on`. */
  override addListener(event: string | symbol, listener: Listener, context?: unknown): this;
  override addListener(event: string | symbol, listener: Listener, context?: unknown): this {
    return super.on(event, listener, context);
  }

  /** Like `on`, but runs before the listeners already added. */
  override prependListener<E extends keyof M & string>(event: E, listener: M[E], context?: unknown): this;
  /** Like `on`, but runs before the listeners already added. */
  override prependListener(event: string | symbol, listener: Listener, context?: unknown): this;
  override prependListener(event: string | symbol, listener: Listener, context?: unknown): this {
    return super.prependListener(event, listener, context);
  }

  /** Like `once`, but runs before the listeners already added. */
  override prependOnceListener<E extends keyof M & string>(event: E, listener: M[E], context?: unknown): this;
  /** Like `once`, but runs before the listeners already added. */
  override prependOnceListener(event: string | symbol, listener: Listener, context?: unknown): this;
  override prependOnceListener(event: string | symbol, listener: Listener, context?: unknown): this {
    return super.prependOnceListener(event, listener, context);
  }
}
