import { RefreshSchedule } from '../../src/session';
import { until } from '../helpers/wait';

/** A refresh the test ends by hand: `done()` is what the refresh's callback would be. */
function refreshes() {
  const waiting: Array<() => void> = [];
  return { run: (done: () => void) => waiting.push(done), waiting };
}

/** A schedule started with no delay, once its first refresh is in flight; `rearms()` counts the re-arms. */
async function firstRefreshInFlight() {
  const schedule = new RefreshSchedule();
  const { run, waiting } = refreshes();
  let again = 0;
  const owner = { refreshSession: run, rearmRefresh: () => void again++ };
  schedule.start(0, owner);
  await until(() => waiting.length === 1);
  return { schedule, owner, waiting, rearms: () => again };
}

describe('RefreshSchedule: one chain of session refreshes', () => {
  it('arms one refresh; the chain goes on only when the refresh called back', async () => {
    const { schedule, waiting, rearms } = await firstRefreshInFlight();
    expect(rearms()).toBe(0);
    waiting[0]();
    expect(rearms()).toBe(1);
    schedule.stop();
  });

  it('a refresh in flight when the schedule restarts does not start a second chain', async () => {
    const { schedule, owner, waiting, rearms } = await firstRefreshInFlight();
    // The bot (or a new login) restarts the schedule while the first refresh is in flight.
    schedule.start(60000, owner);
    waiting[0]();
    expect(rearms()).toBe(0);
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
