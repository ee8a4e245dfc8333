import { hostname } from 'os';
import { performance } from 'perf_hooks';
import { randomUUID } from 'crypto';
import { Etcd3 } from 'etcd3';
import type { IOptions, Namespace, Watcher } from 'etcd3';
import type { Coordinator, CoordinatorState, LossReason, OwnershipHandler } from './coordinator';
import { EtcdLease, revokeLease } from './lease';
import { place } from './placement';
import { timed } from './timed';

/** Options of the etcd coordinator (`new AgentFleet({ etcd: … })`). */
export interface EtcdFleetOptions {
  /** etcd endpoints, e.g. `'http://10.0.0.5:2379'` or a list. Required. */
  hosts: string | string[];
  /** Prefix of every key the fleet writes; fleets with different prefixes ignore each other. Default `'node-agent-sdk/fleet/'`. */
  namespace?: string;
  /** TTL of the worker's lease in seconds: a dead worker's bots are taken over about this long after it died. Default 10. */
  leaseTtl?: number;
  /** ms after the last successful lease renewal was sent at which the worker disposes all its agents. Default 2/3 of `leaseTtl`. */
  renewalDeadline?: number;
  /** ms after a worker last joined before this worker takes free bots (so that workers starting together do not take each other's share); a worker leaving does not wait. Default 1000. */
  settle?: number;
  /** ms between full re-reads of the fleet's keys, on top of the watch. Default 10000. */
  resyncInterval?: number;
  /** ms between attempts to rejoin, or to redo a step that failed. Default 500. */
  retryInterval?: number;
  /** ms this worker waits for one etcd call (the call itself is not cancelled). Default 5000. */
  callTimeout?: number;
  /** More options of the `etcd3` client (`credentials`, `auth`, `grpcOptions`, …). Default none. */
  client?: Omit<IOptions, 'hosts'>;
}

type Resolved = Required<Omit<EtcdFleetOptions, 'client' | 'hosts'>> & { hosts: string[]; client: Omit<IOptions, 'hosts'> };

const MEMBERS = 'members/';
const OWNERS = 'owners/';
const LOSS_MESSAGES: Record<LossReason, (deadline: number) => string> = {
  fenced: (deadline) => `lease not renewed within ${deadline} ms`,
  'lease-lost': () => 'etcd reports the lease gone',
  'key-lost': () => "this worker's member key was deleted",
};
/** Acquisition transactions in flight at once per worker. */
const ACQUIRE_CONCURRENCY = 32;

export function resolveEtcdOptions(o: EtcdFleetOptions): Resolved {
  if (!o || typeof o !== 'object') throw new Error('etcd options must be an object');
  const hosts = typeof o.hosts === 'string' ? o.hosts.split(',').map((h) => h.trim()).filter(Boolean) : o.hosts;
  if (!Array.isArray(hosts) || hosts.length === 0 || hosts.some((h) => typeof h !== 'string' || h === '')) {
    throw new Error('etcd.hosts must be a non-empty string or list of strings');
  }
  const leaseTtl = o.leaseTtl ?? 10;
  if (!Number.isInteger(leaseTtl) || leaseTtl < 1) throw new Error(`etcd.leaseTtl must be a whole number of seconds >= 1, got ${String(o.leaseTtl)}`);
  const renewalDeadline = o.renewalDeadline ?? Math.round((leaseTtl * 2000) / 3);
  if (!(renewalDeadline > 0 && renewalDeadline < leaseTtl * 1000)) {
    throw new Error(`etcd.renewalDeadline must be between 0 and leaseTtl (${leaseTtl * 1000} ms), got ${String(o.renewalDeadline)}`);
  }
  const ms = (name: keyof EtcdFleetOptions, value: unknown, dflt: number): number => {
    if (value === undefined) return dflt;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`etcd.${name} must be a number of ms >= 0, got ${String(value)}`);
    return value;
  };
  const namespace = o.namespace ?? 'node-agent-sdk/fleet/';
  if (typeof namespace !== 'string' || namespace === '') throw new Error('etcd.namespace must be a non-empty string');
  return {
    hosts,
    namespace,
    leaseTtl,
    renewalDeadline,
    settle: ms('settle', o.settle, 1000),
    resyncInterval: ms('resyncInterval', o.resyncInterval, 10000),
    retryInterval: ms('retryInterval', o.retryInterval, 500),
    callTimeout: ms('callTimeout', o.callTimeout, 5000),
    client: o.client ?? {},
  };
}

type Policy = ReturnType<NonNullable<NonNullable<IOptions['faultHandling']>['host']>>;

/** etcd3's default policies retry and open a circuit for 5 s; this coordinator has its own retry loop. */
const passThrough = {
  onSuccess: () => ({ dispose: () => undefined }),
  onFailure: () => ({ dispose: () => undefined }),
  execute: (fn: (ctx: { signal: AbortSignal }) => unknown, signal?: AbortSignal) => Promise.resolve().then(() => fn({ signal: signal ?? new AbortController().signal })),
} as unknown as Policy;

type Backoff = NonNullable<NonNullable<IOptions['faultHandling']>['watchBackoff']>;

function constantBackoff(duration: number): Backoff {
  const backoff: Backoff = { duration, next: () => backoff };
  return backoff;
}

/** One membership: a client, a lease, the member key bound to it and a watch. */
interface Session {
  client: Etcd3;
  ns: Namespace;
  lease: EtcdLease;
  watcher?: Watcher;
}

/**
 * Coordination on etcd. A worker joins with a lease and a member key bound to it; it runs a bot
 * only while it holds `owners/<bot>`, created in a transaction that succeeds only if the key does
 * not exist (create revision 0) and bound to the same lease. Bots are placed by rendezvous
 * hashing over the members; a worker hands a bot over by disposing the agent first and deleting
 * the key after. A worker that cannot renew its lease disposes everything before the lease can
 * expire on the server, then rejoins with a new lease once etcd answers.
 */
export class EtcdCoordinator implements Coordinator {
  readonly kind = 'etcd';
  private readonly o: Resolved;
  private current: CoordinatorState = 'idle';
  private handler!: OwnershipHandler;
  private bots: string[] = [];
  private session?: Session;
  private readonly held = new Set<string>();
  private readonly acquiring = new Set<string>();
  private memberList: string[] = [];
  /** When a member was last seen joining: free bots wait `settle` after it. */
  private memberJoinedAt = 0;
  private placement?: { members: string; owners: Map<string, string> };
  private reconciling = false;
  private reconcileAgain = false;
  private reconcileTimer?: NodeJS.Timeout;
  private reconcileDue = Infinity;
  private resyncTimer?: NodeJS.Timeout;
  private joinTimer?: NodeJS.Timeout;
  /** Leases of ended sessions, revoked once etcd answers again (their keys would block others until they expire). */
  private staleLeases: string[] = [];
  private joined?: () => void;
  /** Lease keep-alives that succeeded, over every session. */
  private renewals = 0;

  constructor(options: EtcdFleetOptions, readonly workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`) {
    this.o = resolveEtcdOptions(options);
  }

  start(bots: readonly string[], handler: OwnershipHandler): Promise<void> {
    if (this.current !== 'idle') return Promise.reject(new Error(`the coordinator was already started (${this.current})`));
    this.bots = [...bots];
    this.handler = handler;
    this.current = 'joining';
    return new Promise<void>((resolve) => {
      this.joined = resolve;
      void this.join();
    });
  }

  async stop(): Promise<void> {
    if (this.current === 'stopping' || this.current === 'stopped') return;
    this.current = 'stopping';
    clearTimeout(this.joinTimer);
    clearTimeout(this.reconcileTimer);
    clearTimeout(this.resyncTimer);
    for (const bot of this.held) this.tell(() => this.handler.release(bot, 'stop'));
    this.held.clear();
    const session = this.session;
    this.session = undefined;
    this.memberList = [];
    if (session) {
      session.lease.close();
      // Revoking deletes the member key and every owner key at once: the agents are already gone.
      await this.attempt(() => session.lease.revoke(this.o.callTimeout));
      await this.revokeStale(session.client).catch((err) => this.handler.error(err));
      this.closeSession(session);
    }
    this.current = 'stopped';
    this.joined?.();
  }

  /** Worker ids of the live members, sorted. */
  members(): string[] {
    return [...this.memberList];
  }

  /** Where this worker is in its life (see {@link CoordinatorState}). */
  state(): CoordinatorState {
    return this.current;
  }

  /** Lease renewals that succeeded since start, over every lease this worker held. */
  leaseRenewals(): number {
    return this.renewals;
  }

  // ---------------------------------------------------------------- membership

  private async join(): Promise<void> {
    if (this.leaving()) return;
    const { callTimeout, namespace } = this.o;
    const client = new Etcd3({
      ...this.o.client,
      hosts: this.o.hosts,
      dialTimeout: callTimeout,
      // The watch reconnects after a fixed short wait: etcd3's default backoff grows to 30 s, and its
      // pending timer would also keep a stopped worker's process alive that long.
      faultHandling: { host: () => passThrough, global: passThrough, watchBackoff: constantBackoff(this.o.retryInterval), ...this.o.client.faultHandling },
    });
    const timing = { ttl: this.o.leaseTtl, deadlineMs: this.o.renewalDeadline, renewEveryMs: Math.min((this.o.leaseTtl * 1000) / 4, this.o.renewalDeadline / 2), callTimeoutMs: callTimeout };
    const session: Session = { client, ns: client.namespace(namespace), lease: undefined as unknown as EtcdLease };
    session.lease = new EtcdLease(client, timing, {
      fenced: () => this.endSession(session, 'fenced'),
      lost: () => this.endSession(session, 'lease-lost'),
      renewed: () => void this.renewals++,
      error: (err) => this.handler.error(err),
    });
    try {
      await this.revokeStale(client);
      await session.lease.grant();
      const member = JSON.stringify({ host: hostname(), pid: process.pid, since: new Date().toISOString() });
      const key = MEMBERS + this.workerId;
      const res = await timed(session.ns.if(key, 'Create', '==', 0).then(session.ns.put(key).value(member).lease(session.lease.id)).commit(), callTimeout, 'join');
      if (!res.succeeded) throw new Error(`worker id ${this.workerId} is already a member (a worker with this id whose lease has not expired yet); retrying`);
      session.watcher = await timed(session.ns.watch().prefix('').create(), callTimeout, 'watch');
      if (!session.lease.fresh()) throw new Error('joining took longer than the renewal deadline; retrying');
    } catch (err) {
      if (session.lease.id) this.staleLeases.push(session.lease.id);
      session.lease.close();
      this.closeSession(session);
      if (this.leaving()) return;
      this.handler.error(err as Error);
      this.joinTimer = setTimeout(() => void this.join(), this.o.retryInterval);
      return;
    }
    if (this.leaving()) {
      await this.attempt(() => session.lease.revoke(callTimeout));
      this.closeSession(session);
      return;
    }
    this.session = session;
    this.current = 'active';
    this.watch(session);
    this.scheduleResync();
    this.scheduleReconcile(0);
    this.joined?.();
    this.joined = undefined;
  }

  private watch(session: Session): void {
    const w = session.watcher;
    if (!w) return;
    // Owner puts are other workers taking what was free: nothing to do. Deletes free a bot (or
    // take one of ours away); member changes move the placement.
    w.on('put', (kv) => {
      if (kv.key.toString().startsWith(MEMBERS)) this.scheduleReconcile();
    });
    w.on('delete', () => this.scheduleReconcile());
    w.on('disconnected', () => this.scheduleReconcile(this.o.retryInterval));
    w.on('connected', () => this.scheduleReconcile());
    w.on('error', (err) => {
      if (this.session === session) this.handler.error(err);
      this.scheduleReconcile(this.o.retryInterval);
    });
  }

  /** Fencing or a lost lease: stop every bot now, then rejoin with a new lease. */
  private endSession(session: Session, reason: LossReason): void {
    if (this.session !== session) return;
    this.session = undefined;
    this.current = 'fenced';
    session.lease.close();
    this.staleLeases.push(session.lease.id);
    for (const bot of this.held) this.tell(() => this.handler.lose(bot, reason));
    this.held.clear();
    this.memberList = [];
    clearTimeout(this.reconcileTimer);
    clearTimeout(this.resyncTimer);
    this.reconcileDue = Infinity;
    this.closeSession(session);
    this.handler.error(new Error(`${LOSS_MESSAGES[reason](this.o.renewalDeadline)}: all agents disposed; rejoining`));
    this.joinTimer = setTimeout(() => void this.join(), reason === 'fenced' ? this.o.retryInterval : 0);
  }

  /** Calls the handler; one that throws must not stop a loop that disposes agents (fencing, stop). */
  private tell(call: () => void): void {
    try {
      call();
    } catch (err) {
      try {
        this.handler.error(err as Error);
      } catch {
        // nothing left to tell it with
      }
    }
  }

  private leaving(): boolean {
    return this.current === 'stopping' || this.current === 'stopped';
  }

  private async revokeStale(client: Etcd3): Promise<void> {
    while (this.staleLeases.length > 0) {
      await revokeLease(client, this.staleLeases[0], this.o.callTimeout);
      this.staleLeases.shift();
    }
  }

  /** Closes the client at once: a watch cancel on a dead connection would wait for it. */
  private closeSession(session: Session): void {
    const watcher = session.watcher;
    if (watcher) {
      watcher.removeAllListeners();
      watcher.on('error', () => undefined);
      watcher.cancel().catch(() => undefined);
    }
    session.client.close();
  }

  private async attempt(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.handler.error(err as Error);
    }
  }

  // ---------------------------------------------------------------- ownership

  private scheduleReconcile(delayMs = 20): void {
    if (!this.session) return;
    const due = performance.now() + delayMs;
    if (due >= this.reconcileDue) return;
    clearTimeout(this.reconcileTimer);
    this.reconcileDue = due;
    this.reconcileTimer = setTimeout(() => {
      this.reconcileDue = Infinity;
      void this.reconcile();
    }, delayMs);
  }

  private scheduleResync(): void {
    clearTimeout(this.resyncTimer);
    if (this.o.resyncInterval <= 0) return;
    this.resyncTimer = setTimeout(() => {
      this.scheduleReconcile(0);
      this.scheduleResync();
    }, this.o.resyncInterval);
  }

  private async reconcile(): Promise<void> {
    if (this.reconciling) {
      this.reconcileAgain = true;
      return;
    }
    this.reconciling = true;
    const session = this.session;
    try {
      do {
        this.reconcileAgain = false;
        await this.reconcileOnce();
      } while (this.reconcileAgain && this.session);
    } catch (err) {
      if (session && this.session === session) {
        this.handler.error(err as Error);
        this.scheduleReconcile(this.o.retryInterval);
      }
    } finally {
      this.reconciling = false;
    }
  }

  /** Reads every key of the fleet at one revision and moves this worker towards the placement. */
  private async reconcileOnce(): Promise<void> {
    const s = this.session;
    if (!s) return;
    const res = await timed(s.ns.getAll().prefix('').exec(), this.o.callTimeout, 'range');
    if (this.session !== s) return;
    const members: string[] = [];
    const owners = new Map<string, string>();
    for (const kv of res.kvs) {
      const key = kv.key.toString();
      if (key.startsWith(MEMBERS)) members.push(key.slice(MEMBERS.length));
      else if (key.startsWith(OWNERS)) owners.set(key.slice(OWNERS.length), kv.lease);
    }
    members.sort();
    if (!members.includes(this.workerId)) {
      // Someone deleted our member key: the others now place our bots elsewhere.
      return this.endSession(s, 'key-lost');
    }
    // Only a join starts the settle wait: workers starting together must not take each other's
    // share, but the bots of a worker that left are taken at once (every survivor sees the same
    // deletion, and a survivor that has not seen it yet still places them on the dead worker).
    if (members.some((m) => !this.memberList.includes(m))) this.memberJoinedAt = performance.now();
    this.memberList = members;
    for (const bot of [...this.held]) {
      if (owners.get(bot) === s.lease.id) continue;
      this.held.delete(bot);
      this.tell(() => this.handler.lose(bot, 'key-lost'));
    }
    // Close to the fence deadline nothing new starts; fencing or the next renewal decides.
    if (!s.lease.fresh()) return this.scheduleReconcile(this.o.retryInterval);
    const target = this.targets(members);
    const me = this.workerId;
    for (const bot of [...this.held]) {
      if (target.get(bot) === me) continue;
      this.held.delete(bot);
      this.tell(() => this.handler.release(bot, 'handoff'));
    }
    // Keys of ours that run nothing here (just handed over, or a start that came too late): delete them.
    const orphans = [...owners].filter(([bot, lease]) => lease === s.lease.id && !this.held.has(bot) && !this.acquiring.has(bot)).map(([bot]) => bot);
    const release = (bot: string) => s.ns.if(OWNERS + bot, 'Lease', '==', s.lease.id).then(s.ns.delete().key(OWNERS + bot)).commit();
    await timed(Promise.all(orphans.map(release)), this.o.callTimeout, 'hand-off');
    const settledFor = performance.now() - this.memberJoinedAt;
    if (settledFor < this.o.settle) return this.scheduleReconcile(this.o.settle - settledFor);
    const free = this.bots.filter((bot) => target.get(bot) === me && !owners.has(bot) && !this.held.has(bot) && !this.acquiring.has(bot));
    await forEachLimit(free, ACQUIRE_CONCURRENCY, (bot) => this.acquire(s, bot));
  }

  private async acquire(s: Session, bot: string): Promise<void> {
    if (this.session !== s) return;
    this.acquiring.add(bot);
    try {
      const key = OWNERS + bot;
      const res = await timed(s.ns.if(key, 'Create', '==', 0).then(s.ns.put(key).value(this.workerId).lease(s.lease.id)).commit(), this.o.callTimeout, 'acquire');
      // After a session ended the key dies with its lease; too close to the deadline the next reconcile deletes it.
      if (!res.succeeded || this.session !== s || !s.lease.fresh()) return;
      this.held.add(bot);
      this.handler.acquire(bot);
    } catch (err) {
      if (this.session === s) this.handler.error(err as Error, bot);
    } finally {
      this.acquiring.delete(bot);
    }
  }

  private targets(members: string[]): Map<string, string> {
    const key = members.join('\n');
    if (this.placement?.members !== key) this.placement = { members: key, owners: place(this.bots, members) };
    return this.placement.owners;
  }
}

async function forEachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
