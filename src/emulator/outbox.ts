/**
 * Delivery of everything a state change causes (frames to sockets, consumer callbacks, emulator
 * events). While a request is being handled deliveries are held back, so the response frame can
 * go out before the notifications it caused, as the real service does.
 */
export class Outbox {
  private held: Array<() => void> | null = null;

  deliver(job: () => void): void {
    if (this.held) this.held.push(job);
    else job();
  }

  /** Runs `fn` holding deliveries; the caller decides when to `flush` them. Nesting joins the outer batch. */
  collect<T>(fn: () => T): { value: T; flush: () => void } {
    if (this.held) return { value: fn(), flush: () => undefined };
    const held: Array<() => void> = [];
    this.held = held;
    let value: T;
    try {
      value = fn();
    } catch (err) {
      // Keep what was already caused; handlers validate before they mutate, so this is rare.
      this.held = null;
      held.forEach((job) => job());
      throw err;
    }
    this.held = null;
    return { value, flush: () => held.forEach((job) => job()) };
  }

  /** Runs `fn` and delivers what it caused at once (for actions without a response frame). */
  run<T>(fn: () => T): T {
    const { value, flush } = this.collect(fn);
    flush();
    return value;
  }
}
