import { DialogLog } from '../../src/desk/messages';
import { type Snapshot, changesBetween } from '../../src/desk/snapshot';
import type { MessagingEventChange } from 'node-agent-sdk';

const event = (sequence: number | undefined, type = 'ContentEvent'): MessagingEventChange =>
  ({ sequence, dialogId: 'd', originatorId: 'c', event: { type, contentType: 'text/plain', message: `m${sequence}` }, __isMe: false, isMe: () => false }) as MessagingEventChange;
const sequences = (changes: MessagingEventChange[]) => changes.map((c) => c.sequence);

describe('DialogLog', () => {
  test('events wait while queries are on their way, then come out once, in sequence order, receipts and typing left out', () => {
    const log = new DialogLog('d');
    log.followed = true;
    log.hold();
    log.hold(); // a second query (a reconnect) before the first answered
    expect(log.take([event(3), event(undefined, 'ChatStateEvent')])).toEqual([]);
    expect(log.release([event(0), event(1, 'AcceptStatusEvent'), event(2)])).toEqual([]);
    expect(sequences(log.release([event(2), event(3)]))).toEqual([0, 2, 3]);
    expect(log.maxSequence).toBe(3);
    expect(log.take([event(2), event(3), event(4)]).map((c) => c.sequence)).toEqual([4]);
    expect(log.release()).toEqual([]); // an extra release does not go below zero
  });

  test('a dialog not followed yet keeps what it gets', () => {
    const log = new DialogLog('d');
    expect(log.take([event(0)])).toEqual([]);
    log.followed = true;
    log.hold();
    expect(sequences(log.release([]))).toEqual([0]);
  });
});

const base: Snapshot = {
  id: 'c1',
  state: 'OPEN',
  stage: 'OPEN',
  skillId: '1',
  participants: [
    { id: 'consumer', role: 'CONSUMER' },
    { id: 'me', role: 'ASSIGNED_AGENT' },
  ],
  dialogs: [{ dialogId: 'c1', dialogType: 'MAIN', state: 'OPEN', participants: [] }],
  suggested: [],
};
const consumerOnly = base.participants.slice(0, 1);
const describeChanges = (next: Partial<Snapshot>) => changesBetween(base, { ...base, ...next }, 'me').map((c) => c.event);

describe('changesBetween', () => {
  test('the same state twice reports nothing', () => {
    expect(changesBetween(base, { ...base }, 'me')).toEqual([]);
  });

  test('the assigned agent leaving is back-to-queue only when nothing else explains it', () => {
    expect(describeChanges({ participants: consumerOnly })).toEqual(['participant-removed', 'back-to-queue']);
    expect(describeChanges({ participants: consumerOnly, skillId: '2' })).toEqual(['participant-removed', 'transfer-skill']);
    expect(describeChanges({ participants: consumerOnly, suggested: ['acct.7'] })).toEqual(['participant-removed', 'transfer-agent']);
    expect(describeChanges({ participants: consumerOnly, suggested: ['acct.7'], skillId: '2' })).toEqual(['participant-removed', 'transfer-skill', 'transfer-agent']);
    expect(describeChanges({ participants: consumerOnly, stage: 'CLOSE', state: 'CLOSE' })).toEqual(['participant-removed']);
  });

  test('dialog closings are reported while the conversation goes on, not when it closes with them', () => {
    const closedMain = [{ ...base.dialogs[0], state: 'CLOSE' as const }];
    expect(changesBetween(base, { ...base, dialogs: closedMain, state: 'CLOSE' }, 'me').map((c) => c.payload)).toEqual([
      { dialog: closedMain[0], change: 'closed' },
    ]);
    expect(describeChanges({ dialogs: closedMain, state: 'CLOSE', stage: 'CLOSE' })).toEqual([]);
  });
});
