/**
 * Every timer the emulator starts goes through here so that `close()` can clear them all:
 * a closed emulator must not keep the process (or a jest worker) alive.
 */
export class Timers {
  private readonly live = new Set<NodeJS.Timeout>();

  set(fn: () => void, ms: number): NodeJS.Timeout {
    const handle = setTimeout(() => {
      this.live.delete(handle);
      fn();
    }, Math.min(Math.max(0, ms), 2_147_483_647));
    this.live.add(handle);
    return handle;
  }

  clear(handle: NodeJS.Timeout | undefined): void {
    if (!handle) return;
    clearTimeout(handle);
    this.live.delete(handle);
  }

  clearAll(): void {
    for (const handle of this.live) clearTimeout(handle);
    this.live.clear();
  }

  get size(): number {
    return this.live.size;
  }
}
