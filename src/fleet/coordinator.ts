/** Why a worker gave a bot up on purpose; the agent is disposed before the key goes. */
export type ReleaseReason = 'handoff' | 'stop';

/**
 * Why a worker stopped a bot without handing it over: `fenced` (the lease could not be renewed
 * in time), `lease-lost` (etcd says the lease is gone), `key-lost` (the bot's key is no longer
 * bound to this worker's lease).
 */
export type LossReason = 'fenced' | 'lease-lost' | 'key-lost';

/** Where a worker is: not started, joining, holding its lease, fenced off (waiting for etcd), stopping, stopped. */
export type CoordinatorState = 'idle' | 'joining' | 'active' | 'fenced' | 'stopping' | 'stopped';

/** What a coordinator tells the fleet. Every call is synchronous: an agent is started or disposed before it returns. */
export interface OwnershipHandler {
  /** This worker now owns the bot: start its agent. */
  acquire(botId: string): void;
  /** The bot leaves this worker on purpose: dispose its agent (the key is deleted after). */
  release(botId: string, reason: ReleaseReason): void;
  /** Ownership can no longer be proven: dispose the agent at once. */
  lose(botId: string, reason: LossReason): void;
  /** A coordination step failed; the coordinator retries by itself. */
  error(err: Error, botId?: string): void;
}

/** Decides which bots run in this process. */
export interface Coordinator {
  /** `local` or `etcd`. */
  readonly kind: string;
  /** This worker's id among the members. */
  readonly workerId: string;
  /** Joins with these bot ids; resolves once this worker is a member (it keeps trying meanwhile). */
  start(bots: readonly string[], handler: OwnershipHandler): Promise<void>;
  /** Releases every bot (`release(…, 'stop')`), leaves, and frees every resource. */
  stop(): Promise<void>;
  /** Worker ids of the live members, sorted. */
  members(): string[];
  /** Where this worker is in its life (see {@link CoordinatorState}). */
  state(): CoordinatorState;
  /** Lease renewals that succeeded since start, over every lease this worker held. Optional: absent means 0 (no lease, as with `local`). */
  leaseRenewals?(): number;
}
