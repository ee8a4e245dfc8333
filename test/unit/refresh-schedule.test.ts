import { RefreshSchedule } from '../../src/session';
import { until } from '../helpers/wait';

/** A refresh the test ends by hand: `done()` is what the refresh's callback would be. */
function refreshes() {
  const waiting: Array<() => void> = [];
  return { run: (done: () => void) => waiting.push(done), waiting };
}

describe('RefreshSchedule: one chain of session refreshes', () => {
  it('arms one refresh; the chain goes on only when the refresh called back', async () => {
    const schedule = new RefreshSchedule();
    const { run, waiting } = refreshes();
    let again = 0;
    schedule.start(0, { refreshSession: run, rearmRefresh: () => again++ });
    await until(() => waiting.length === 1);
    expect(again).toBe(0);
    waiting[0]();
    expect(again).toBe(1);
    schedule.stop();
  });

  it('a refresh in flight when the schedule restarts does not start a second chain', async () => {
    const schedule = new RefreshSchedule();
    const { run, waiting } = refreshes();
    let again = 0;
    schedule.start(0, { refreshSession: run, rearmRefresh: () => again++ });
    await until(() => waiting.length === 1);
    // The bot (or a new login) restarts the schedule while the first refresh is in flight.
    schedule.start(60000, { refreshSession: run, rearmRefresh: () => again++ });
    waiting[0]();
    expect(again).toBe(0);
    schedule.stop();
  });

  it('stop() disarms: the refresh never runs', async () => {
    const schedule = new RefreshSchedule();
    const { run, waiting } = refreshes();
    schedule.start(0, { refreshSession: run, rearmRefresh: () => undefined });
    schedule.stop();
    // A second schedule with the same delay runs: had the first not been disarmed, it would have run before it.
    const second = refreshes();
    schedule.start(0, { refreshSession: second.run, rearmRefresh: () => undefined });
    await until(() => second.waiting.length === 1);
    expect(waiting).toHaveLength(0);
    schedule.stop();
  });

  it.each<[string, boolean, boolean, boolean]>([
    ['armed, no session', true, true, false],
    ['not armed, a session with a csrf', true, false, true],
    ['not armed, no session (token auth)', false, false, false],
  ])('halt(): %s -> halted %s', (_what, halted, armed, hadSession) => {
    const schedule = new RefreshSchedule();
    if (armed) schedule.start(60000, { refreshSession: () => undefined, rearmRefresh: () => undefined });
    schedule.halt(hadSession);
    expect(schedule.halted).toBe(halted);
    // Starting again (a socket reopened later) clears it.
    schedule.start(60000, { refreshSession: () => undefined, rearmRefresh: () => undefined });
    expect(schedule.halted).toBe(false);
    schedule.stop();
  });
});
