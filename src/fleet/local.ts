import { hostname } from 'os';
import type { Coordinator, CoordinatorState, OwnershipHandler } from './coordinator';

/** The default coordinator: one process, no set-up, every bot runs here. */
export class LocalCoordinator implements Coordinator {
  readonly kind = 'local';
  private current: CoordinatorState = 'idle';
  private held: string[] = [];
  private handler?: OwnershipHandler;

  constructor(readonly workerId = `${hostname()}-${process.pid}`) {}

  async start(bots: readonly string[], handler: OwnershipHandler): Promise<void> {
    this.handler = handler;
    this.current = 'active';
    this.held = [...bots];
    for (const bot of this.held) handler.acquire(bot);
  }

  async stop(): Promise<void> {
    if (this.current !== 'active') return;
    this.current = 'stopping';
    for (const bot of this.held) this.handler?.release(bot, 'stop');
    this.held = [];
    this.current = 'stopped';
  }

  /** Worker ids of the live members, sorted. */
  members(): string[] {
    return this.current === 'active' ? [this.workerId] : [];
  }

  /** Where this worker is in its life (see {@link CoordinatorState}). */
  state(): CoordinatorState {
    return this.current;
  }
}
