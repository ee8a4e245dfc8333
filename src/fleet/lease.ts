import { performance } from 'perf_hooks';
import type { Etcd3 } from 'etcd3';
import { timed } from './timed';

/** What the lease tells its owner. */
export interface LeaseHandlers {
  /** No renewal succeeded within the deadline: the owner must stop everything bound to the lease now. */
  fenced(): void;
  /** etcd answered that the lease no longer exists. */
  lost(): void;
  /** etcd answered a keep-alive with the lease still alive (the grant is not a renewal). */
  renewed(): void;
  /** A renewal failed (the next one is already scheduled). */
  error(err: Error): void;
}

export interface LeaseTiming {
  /** Lease TTL asked of etcd, in seconds. */
  ttl: number;
  /** ms after the last successful renewal was *sent* at which the worker fences itself. */
  deadlineMs: number;
  /** ms between renewals (a renewal waits for its answer until the fence deadline). */
  renewEveryMs: number;
  /** ms before the grant call gives up. */
  callTimeoutMs: number;
}

/**
 * One etcd lease, renewed on a timer, with a fencing deadline measured on this process's
 * monotonic clock from the moment the last successful renewal was sent. etcd can only expire
 * the lease `ttl` seconds after it received that renewal, which is later, so a worker that
 * fences at `deadlineMs` < `ttl` s has disposed its agents before any other worker can take
 * its keys (see the README for the assumptions).
 */
export class EtcdLease {
  id = '';
  private renewedAt = 0;
  private renewTimer?: NodeJS.Timeout;
  private fenceTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly client: Etcd3,
    private readonly timing: LeaseTiming,
    private readonly on: LeaseHandlers,
  ) {}

  /** Grants the lease and starts renewing it. */
  async grant(): Promise<void> {
    const sent = performance.now();
    const res = await timed(this.client.leaseClient.leaseGrant({ TTL: this.timing.ttl }), this.timing.callTimeoutMs, 'lease grant');
    this.id = res.ID;
    if (this.closed) return;
    this.renewed(sent);
    this.scheduleRenewal();
  }

  /** True while the fencing deadline is still ahead by at least `marginMs`. */
  fresh(marginMs = 0): boolean {
    return !this.closed && this.id !== '' && performance.now() - this.renewedAt + marginMs < this.timing.deadlineMs;
  }

  /** Stops renewing; the lease expires on the server by itself unless revoked. */
  close(): void {
    this.closed = true;
    clearTimeout(this.renewTimer);
    clearTimeout(this.fenceTimer);
  }

  /** Deletes the lease and every key bound to it. */
  async revoke(timeoutMs: number): Promise<void> {
    this.close();
    if (this.id) await revokeLease(this.client, this.id, timeoutMs);
  }

  private renewed(sentAt: number): void {
    this.renewedAt = Math.max(this.renewedAt, sentAt);
    clearTimeout(this.fenceTimer);
    const due = this.renewedAt + this.timing.deadlineMs - performance.now();
    this.fenceTimer = setTimeout(() => this.checkFence(), Math.max(0, due));
  }

  private checkFence(): void {
    if (this.closed) return;
    // A renewal may have landed between arming and firing; the clock, not the timer, decides.
    if (this.fresh()) return this.renewed(this.renewedAt);
    this.close();
    this.on.fenced();
  }

  private scheduleRenewal(delayMs = this.timing.renewEveryMs): void {
    if (this.closed) return;
    this.renewTimer = setTimeout(() => void this.renew(), Math.max(0, delayMs));
  }

  private async renew(): Promise<void> {
    const sent = performance.now();
    // A slow answer is still worth having until the fence deadline; a busy process (many agents
    // starting) answers late, not never.
    const timeout = Math.max(this.timing.renewEveryMs, this.renewedAt + this.timing.deadlineMs - sent);
    try {
      const ttl = await keepAliveOnce(this.client, this.id, timeout);
      if (this.closed) return;
      if (ttl <= 0) {
        this.close();
        return this.on.lost();
      }
      this.renewed(sent);
      this.on.renewed();
    } catch (err) {
      if (!this.closed) this.on.error(err as Error);
    }
    this.scheduleRenewal(this.timing.renewEveryMs - (performance.now() - sent));
  }
}

/** One LeaseKeepAlive round trip; resolves with the TTL etcd reports (0 or less: the lease is gone). */
async function keepAliveOnce(client: Etcd3, id: string, timeoutMs: number): Promise<number> {
  // No gRPC deadline: etcd3 answers a failed stream by closing every channel to the host (the
  // watch too). Ending the stream ourselves first keeps it from reporting the failure.
  const stream = await timed(client.leaseClient.leaseKeepAlive(), timeoutMs, 'lease keep-alive');
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`lease keep-alive timed out after ${timeoutMs} ms`)), timeoutMs);
    let settled = false;
    const done = (err: Error | null, ttl = 0) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.end();
      if (err) reject(err);
      else resolve(ttl);
    };
    stream.on('data', (res: { TTL: string }) => done(null, Number(res.TTL)));
    stream.on('error', (err: Error) => done(err));
    stream.write({ ID: id });
  });
}

export async function revokeLease(client: Etcd3, id: string, timeoutMs: number): Promise<void> {
  try {
    await timed(client.leaseClient.leaseRevoke({ ID: id }), timeoutMs, 'lease revoke');
  } catch (err) {
    // Already expired or revoked: what revoking wanted.
    if (!/requested lease not found/i.test((err as Error).message)) throw err;
  }
}
