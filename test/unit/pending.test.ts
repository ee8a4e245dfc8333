import { PendingRequests } from '../../src/requests/pending';
import type { OutcomeListener } from '../../src/requests/pending';

/** An outcome listener writing what it hears into `heard`: [tag, 'response', failed] or [tag, outcome]. */
const listener = (heard: unknown[][]): OutcomeListener => ({
  answered: (tag, failed) => void heard.push([tag, 'response', failed]),
  ended: (tag, outcome) => void heard.push([tag, outcome]),
});

/** The pending map on jest's fake clock: timeouts are checked every 50 ms, a request may wait 300 ms. */
describe('PendingRequests', () => {
  const TIMEOUT = new Error('Request has timed out');
  let thrown: unknown[];
  let pending: PendingRequests;
  beforeEach(() => {
    jest.useFakeTimers();
    thrown = [];
    pending = new PendingRequests({ timeout: 300, checkInterval: 50, timeoutError: () => TIMEOUT, onCallbackError: (t) => thrown.push(t) });
  });
  afterEach(() => {
    pending.dispose();
    jest.useRealTimers();
  });

  const recorder = () => {
    const calls: any[][] = [];
    const settle = (...args: any[]) => void calls.push(args);
    return { calls, settle };
  };

  it('settles a request once: by its answer, and never again', () => {
    const r = recorder();
    pending.add('a', r.settle);
    expect(pending.size).toBe(1);
    expect(pending.has('a')).toBe(true);
    expect(pending.settle('a', null, { ok: 1 })).toBe(true);
    expect(pending.settle('a', null, { ok: 2 })).toBe(false);
    jest.advanceTimersByTime(1000);
    expect(r.calls).toEqual([[null, { ok: 1 }]]);
    expect(pending.size).toBe(0);
  });

  it('ignores an unknown id', () => {
    expect(pending.settle('nope', null)).toBe(false);
  });

  it('times requests out after the shared timeout, on the next check, each exactly once', () => {
    const early = recorder();
    const late = recorder();
    pending.add('early', early.settle);
    jest.advanceTimersByTime(150);
    pending.add('late', late.settle);
    jest.advanceTimersByTime(150);
    expect(early.calls).toEqual([]);
    jest.advanceTimersByTime(50);
    expect(early.calls).toEqual([[TIMEOUT, undefined]]);
    expect(late.calls).toEqual([]);
    jest.advanceTimersByTime(150);
    expect(late.calls).toEqual([[TIMEOUT, undefined]]);
    jest.advanceTimersByTime(1000);
    expect(early.calls).toHaveLength(1);
    expect(late.calls).toHaveLength(1);
    expect(pending.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps one check timer however many requests wait', () => {
    for (let i = 0; i < 1000; i++) pending.add(`r${i}`, () => undefined);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(100);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(300);
    expect(pending.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('gives a request with its own timeout its own timer, outside the shared check', () => {
    const own = recorder();
    const shared = recorder();
    pending.add('own', own.settle, 1000);
    pending.add('shared', shared.settle);
    jest.advanceTimersByTime(400);
    expect(shared.calls).toEqual([[TIMEOUT, undefined]]);
    expect(own.calls).toEqual([]);
    jest.advanceTimersByTime(600);
    expect(own.calls).toEqual([[TIMEOUT, undefined]]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('clears the own timer when the request is answered', () => {
    const own = recorder();
    pending.add('own', own.settle, 1000);
    pending.settle('own', null, 'body');
    expect(jest.getTimerCount()).toBe(0);
    expect(own.calls).toEqual([[null, 'body']]);
  });

  it('fails everything at once with failAll, in send order, and stops every timer', () => {
    const order: string[] = [];
    pending.add('a', (err) => order.push(`a ${err.message}`));
    pending.add('b', (err) => order.push(`b ${err.message}`), 5000);
    pending.add('c', (err) => order.push(`c ${err.message}`));
    pending.failAll({ error: () => new Error('closed') });
    expect(order).toEqual(['a closed', 'b closed', 'c closed']);
    expect(pending.size).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('reports a callback that throws and goes on with the others (answer, timeout and failAll paths)', () => {
    const boom = new Error('bot bug');
    const ok = recorder();
    pending.add('x', () => {
      throw boom;
    });
    pending.settle('x', null);
    pending.add('y', () => {
      throw boom;
    });
    pending.add('z', ok.settle);
    jest.advanceTimersByTime(400);
    expect(ok.calls).toEqual([[TIMEOUT, undefined]]);
    pending.add('v', () => {
      throw boom;
    });
    pending.add('w', ok.settle);
    pending.failAll();
    expect(ok.calls).toHaveLength(2);
    expect(thrown).toEqual([boom, boom, boom]);
  });

  it('keeps a single check timer when a timed-out callback sends a new request', () => {
    const again = recorder();
    pending.add('first', () => pending.add('second', again.settle));
    pending.add('third', () => undefined);
    jest.advanceTimersByTime(350);
    expect(pending.has('second')).toBe(true);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(350);
    expect(again.calls).toEqual([[TIMEOUT, undefined]]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('dispose drops everything without calling back', () => {
    const r = recorder();
    pending.add('a', r.settle);
    pending.add('b', r.settle, 100);
    pending.dispose();
    jest.advanceTimersByTime(1000);
    expect(r.calls).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('tells its outcome listener how each tagged request ended, before the callback: every ending but a successful answer, which only a sampled one reports, with its launch time', () => {
    const heard: any[][] = [];
    const order: string[] = [];
    const hear = (args: unknown[]) => void (heard.push(args), order.push(`heard ${args[0]}`));
    const outcomes: OutcomeListener = { answered: (tag, failed, launchTime) => hear([tag, 'response', failed, launchTime]), ended: (tag, outcome) => hear([tag, outcome]) };
    const watched = new PendingRequests({ timeout: 300, checkInterval: 50, timeoutError: () => TIMEOUT, onCallbackError: () => undefined, outcomes });
    const settle = (tag: number | string) => () => void order.push(`callback ${tag}`);
    const now = Date.now();
    watched.add('answered', settle(1), undefined, 1); // the first in its millisecond: sampled
    watched.add('quiet', settle(2), undefined, 2);
    watched.add('error', settle(3), undefined, 3);
    watched.add('late', settle(4), undefined, 4);
    watched.add('own', settle(5), 100, 5);
    watched.add('cancelled', settle(6), undefined, 6);
    watched.add('untagged', settle('untagged'));
    watched.answer('answered', null, {});
    watched.answer('quiet', null, {});
    watched.answer('error', { code: 500 }, {});
    watched.answer('untagged', { code: 500 }, {});
    watched.settle('cancelled', new Error('aborted'));
    jest.advanceTimersByTime(150);
    jest.advanceTimersByTime(300);
    watched.add('closed', settle(7), undefined, 7);
    watched.failAll();
    expect(heard).toEqual([
      [1, 'response', false, now],
      [3, 'response', true, undefined],
      [6, 'cancelled'],
      [5, 'timeout'],
      [4, 'timeout'],
      [7, 'closed'],
    ]);
    expect(order.slice(0, 3)).toEqual(['heard 1', 'callback 1', 'callback 2']);
    expect(order).toContain('callback untagged');
    watched.dispose();
  });

  it('samples the round trip of the first tagged request sent in each millisecond, and counts the waiting ones by tag', () => {
    const heard: any[][] = [];
    const watched = new PendingRequests({ timeout: 300, checkInterval: 50, timeoutError: () => TIMEOUT, onCallbackError: () => undefined, outcomes: { answered: (...args) => void heard.push(args), ended: () => undefined } });
    const start = Date.now();
    watched.add('untagged', () => undefined); // takes no sample from the tagged ones
    watched.add('a', () => undefined, undefined, 0);
    watched.add('b', () => undefined, undefined, 0);
    watched.watch('c', 1);
    jest.advanceTimersByTime(1);
    watched.add('d', () => undefined, 50, 1);
    watched.watch('e', 1);
    expect(watched.waitingByTag()).toEqual([2, 3]);
    for (const id of ['untagged', 'a', 'b', 'c', 'd', 'e']) watched.answer(id, null, {});
    expect(heard).toEqual([
      [0, false, start],
      [1, false, start + 1],
    ]);
    expect(watched.waitingByTag()).toEqual([]);
    watched.dispose();
  });

  it('tells its outcome listener of each request dropped by dispose as closed, and calls no callback', () => {
    const heard: any[][] = [];
    const watched = new PendingRequests({ timeout: 300, checkInterval: 50, timeoutError: () => TIMEOUT, onCallbackError: () => undefined, outcomes: listener(heard) });
    const r = recorder();
    watched.add('a', r.settle, undefined, 1);
    watched.add('b', r.settle, 100, 2);
    watched.watch('c', 3);
    watched.add('untagged', r.settle);
    watched.dispose();
    expect(heard).toEqual([
      [1, 'closed'],
      [2, 'closed'],
      [3, 'closed'],
    ]);
    expect([r.calls, watched.size, watched.waitingByTag(), jest.getTimerCount()]).toEqual([[], 0, [], 0]);
  });

  it('watches a request nobody waits for: its outcome is heard, it is not in size, has or snapshot, and no error is made for its timeout', () => {
    const heard: any[][] = [];
    const timeoutError = jest.fn(() => TIMEOUT);
    const watched = new PendingRequests({ timeout: 300, checkInterval: 50, timeoutError, onCallbackError: () => undefined, outcomes: listener(heard) });
    watched.watch('w1', 1);
    watched.watch('w2', 2);
    watched.watch('w3', 3);
    const r = recorder();
    watched.add('a', r.settle, undefined, 4);
    expect([watched.size, watched.has('w1'), watched.has('a'), Object.keys(watched.snapshot())]).toEqual([1, false, true, ['a']]);
    expect(watched.answer('w1', null, {})).toBe(true);
    jest.advanceTimersByTime(400);
    expect(timeoutError).toHaveBeenCalledTimes(1); // for 'a' only
    watched.watch('w4', 5);
    watched.failAll();
    expect(heard).toEqual([
      [1, 'response', false], // the first in its millisecond, so its answer is heard
      [2, 'timeout'],
      [3, 'timeout'],
      [4, 'timeout'],
      [5, 'closed'],
    ]);
    expect(r.calls).toEqual([[TIMEOUT]]);
    expect(watched.size).toBe(0);
    watched.dispose();
  });

  it('a timeout callback that settles another request expiring in the same sweep: that one gets the cancel, once, and is counted as cancelled', () => {
    const heard: any[][] = [];
    const watched = new PendingRequests({ timeout: 100, checkInterval: 50, timeoutError: () => TIMEOUT, onCallbackError: () => undefined, outcomes: listener(heard) });
    const second = recorder();
    const reason = new Error('cancelled by the first');
    watched.add('first', () => void watched.settle('second', reason), undefined, 1);
    watched.add('second', second.settle, undefined, 2);
    watched.watch('third', 3);
    jest.advanceTimersByTime(200);
    expect(second.calls).toEqual([[reason]]);
    expect(heard).toEqual([
      [1, 'timeout'],
      [2, 'cancelled'],
      [3, 'timeout'],
    ]);
    expect([watched.size, Object.keys(watched.snapshot())]).toEqual([0, []]);
    watched.dispose();
  });
});
