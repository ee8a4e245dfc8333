import { createHash } from 'crypto';

/** The rendezvous weight of a bot on a worker: 48 bits of SHA-256, the same in every process. */
export function weight(worker: string, bot: string): number {
  return createHash('sha256').update(worker).update('\0').update(bot).digest().readUIntBE(0, 6);
}

/**
 * Rendezvous (highest-random-weight) placement with exact shares: every (bot, worker) pair is
 * ranked by its weight and, from the heaviest down, a bot goes to the worker of the pair unless
 * that worker already has its share (`floor(bots/workers)`, the first `bots mod workers` to
 * fill up may take one more). Every process that sees the same workers computes the same map.
 * Shares differ by at most one, and a worker joining or leaving moves about 1/M of the bots
 * (plus a few to keep the shares exact), where plain rendezvous hashing leaves shares uneven.
 */
export function place(bots: readonly string[], workers: readonly string[]): Map<string, string> {
  const owner = new Map<string, string>();
  if (workers.length === 0) return owner;
  const unique = [...new Set(bots)];
  const share = Math.floor(unique.length / workers.length);
  let extras = unique.length % workers.length;
  const pairs: Array<{ w: number; bot: string; worker: string }> = [];
  for (const bot of unique) for (const worker of workers) pairs.push({ w: weight(worker, bot), bot, worker });
  // Ties (never seen with 48 bits, but possible) are broken by name so that every process agrees.
  pairs.sort((a, b) => b.w - a.w || compare(a.worker, b.worker) || compare(a.bot, b.bot));
  const load = new Map(workers.map((w) => [w, 0]));
  for (const { bot, worker } of pairs) {
    if (owner.has(bot)) continue;
    const held = load.get(worker) ?? 0;
    if (held < share || (held === share && extras > 0)) {
      if (held === share) extras--;
      owner.set(bot, worker);
      load.set(worker, held + 1);
    }
  }
  return owner;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
