import { createHash } from 'crypto';
import { place, weight } from 'node-agent-sdk/fleet';

const bots = (n: number) => Array.from({ length: n }, (_, i) => `12345678/bot-${i}`);
const workers = (n: number) => Array.from({ length: n }, (_, i) => `worker-${i + 1}`);

function loads(placement: Map<string, string>, members: string[]): number[] {
  return members.map((m) => [...placement.values()].filter((w) => w === m).length);
}

function movedBetween(a: Map<string, string>, b: Map<string, string>): number {
  return [...a.keys()].filter((bot) => a.get(bot) !== b.get(bot)).length;
}

describe('rendezvous placement', () => {
  it('the weight is SHA-256 of worker, NUL, bot: the same in every process', () => {
    expect(weight('worker-1', '12345678/bot-0')).toBe(weight('worker-1', '12345678/bot-0'));
    expect(weight('worker-1', '12345678/bot-0')).not.toBe(weight('worker-2', '12345678/bot-0'));
    expect(weight('a', 'bc')).not.toBe(weight('ab', 'c'));
    expect(weight('worker-1', 'x')).toBe(createHash('sha256').update('worker-1\0x').digest().readUIntBE(0, 6));
    expect(Number.isSafeInteger(weight('w', 'b'))).toBe(true);
  });

  it.each([
    [30, 3],
    [30, 4],
    [12, 3],
    [1000, 4],
    [7, 3],
    [2, 5],
    [101, 7],
  ])('%i bots over %i workers: every bot placed once, shares within ±1 of even', (n, m) => {
    const members = workers(m);
    const placement = place(bots(n), members);
    expect([...placement.keys()].sort()).toEqual(bots(n).sort());
    const l = loads(placement, members);
    expect(Math.max(...l) - Math.min(...l)).toBeLessThanOrEqual(1);
    expect(l.reduce((a, b) => a + b, 0)).toBe(n);
    for (const x of l) expect([Math.floor(n / m), Math.ceil(n / m)]).toContain(x);
  });

  it('does not depend on the order of bots or workers', () => {
    const a = place(bots(50), workers(4));
    const b = place([...bots(50)].reverse(), [...workers(4)].reverse());
    expect([...b].sort()).toEqual([...a].sort());
  });

  it('a joining worker takes about 1/M, and nearly only it gains bots', () => {
    const before = place(bots(1000), workers(3));
    const after = place(bots(1000), workers(4));
    expect(loads(after, workers(4))).toEqual([250, 250, 250, 250]);
    // 250 must move to the new worker; keeping the shares exact moves a few more.
    expect(movedBetween(before, after)).toBeGreaterThanOrEqual(250);
    expect(movedBetween(before, after)).toBeLessThanOrEqual(275);
  });

  it('a leaving worker: its bots move, and only a few others', () => {
    const before = place(bots(1000), workers(4));
    const after = place(bots(1000), ['worker-1', 'worker-3', 'worker-4']);
    const orphans = [...before].filter(([, w]) => w === 'worker-2').map(([b]) => b);
    expect(orphans.every((b) => after.get(b) !== 'worker-2')).toBe(true);
    expect(movedBetween(before, after)).toBeLessThanOrEqual(orphans.length + 25);
  });

  it('no workers: nothing placed; duplicate bots are placed once', () => {
    expect(place(bots(3), []).size).toBe(0);
    expect(place(['a', 'a', 'b'], ['w']).size).toBe(2);
  });
});
