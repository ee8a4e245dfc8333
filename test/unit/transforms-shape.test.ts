/**
 * The OnlineEventDistribution rewrite copies each event instead of deleting `originatorPId` from
 * it (see the README's Performance section). These tests pin what that must not change: the
 * keys, their order and the failures are the JavaScript SDK's own (its Transformer, the
 * devDependency `original-agent-sdk`), for the usual event and for odd bodies. And the event a
 * bot gets keeps V8's fast properties, which a `delete` would have taken away.
 */
import { setFlagsFromString } from 'v8';
import type { Identity } from '../../src/identity';
import { INCOMING } from '../../src/transforms';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ORIGINAL: Record<string, (msg: any, agent: any) => any> = require('original-agent-sdk/lib/Transformer');

const TYPE = '.ams.ms.OnlineEventDistribution';
const ME: Identity = { accountId: '123456', agentId: 'pid-me', oldAgentId: '123456.7777' };
const ORIGINAL_AGENT = { accountId: ME.accountId, agentId: ME.agentId, __oldAgentId: ME.oldAgentId, _handleNotification: () => undefined, emit: () => undefined };

/** Runs one rewrite on a fresh parse of `json`; the event (or the error text) and the frame's keys. */
function run(rewrite: (msg: any) => any, json: string) {
  try {
    const msg = rewrite({ kind: 'notification', type: TYPE, body: JSON.parse(json) });
    const event = msg.body.changes[0];
    const keys = event !== null && typeof event === 'object' ? Object.keys(event) : [];
    return {
      frameKeys: Object.keys(msg),
      bodyKeys: Object.keys(msg.body),
      type: msg.type,
      keys,
      json: JSON.stringify(msg),
      isMe: typeof event?.isMe === 'function' ? event.isMe() : 'none',
    };
  } catch (err) {
    return { threw: String(err) };
  }
}

const ours = (msg: any) => INCOMING[TYPE](msg, ME, () => undefined).msg;
const theirs = (msg: any) => ORIGINAL[TYPE](msg, ORIGINAL_AGENT);

const BODIES: Array<[string, string]> = [
  ['the usual event, from someone else', '{"sequence":4,"dialogId":"d","originatorId":"123456.1","originatorPId":"p-1","originatorMetadata":{"id":"p-1"},"event":{"type":"ContentEvent"}}'],
  ['the usual event, the agent’s own', '{"sequence":5,"dialogId":"d","originatorId":"123456.7777","originatorPId":"pid-me","serverTimestamp":1}'],
  ['originatorPId before originatorId', '{"originatorPId":"p-1","dialogId":"d","originatorId":"123456.1"}'],
  ['no originatorId', '{"dialogId":"d-1","originatorPId":"p-1","sequence":3}'],
  ['no originatorPId', '{"dialogId":"d","originatorId":"123456.7777","sequence":3}'],
  ['__isMe and isMe already there', '{"isMe":1,"__isMe":"x","dialogId":"d","originatorPId":"p","originatorId":"123456.7777"}'],
  ['a __proto__ key', '{"__proto__":{"a":1},"dialogId":"d","originatorPId":"p"}'],
  ['an empty object', '{}'],
  ['null', 'null'],
  ['a string', '"text"'],
  ['a number', '7'],
  ['an array', '[1,2]'],
  ['an empty array', '[]'],
];

describe('OnlineEventDistribution keeps the original’s shape', () => {
  it.each(BODIES)('%s', (_label, json) => {
    expect(run(ours, json)).toEqual(run(theirs, json));
  });

  it('the listener’s event has the keys in the original’s order, isMe last', () => {
    const result = run(ours, BODIES[0][1]);
    expect(result).toMatchObject({
      keys: ['sequence', 'dialogId', 'originatorId', 'originatorMetadata', 'event', '__isMe', 'isMe'],
      bodyKeys: ['dialogId', 'changes'],
      isMe: false,
    });
    expect(run(ours, BODIES[1][1])).toMatchObject({ isMe: true });
  });

  it('isMe reads __isMe when called, as the original’s closure did', () => {
    const event = ours({ kind: 'notification', type: TYPE, body: JSON.parse(BODIES[1][1]) }).body.changes[0];
    const { isMe } = event;
    expect(isMe()).toBe(true);
    event.__isMe = false;
    expect(isMe()).toBe(false);
  });

  it('the event keeps fast (not dictionary-mode) properties', () => {
    setFlagsFromString('--allow-natives-syntax');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
    // The check itself: a delete from the middle of a parsed object does lose them.
    const deleted = JSON.parse(BODIES[0][1]);
    delete deleted.originatorPId;
    expect(hasFastProperties(deleted)).toBe(false);
    expect(hasFastProperties(JSON.parse(BODIES[0][1]))).toBe(true);

    const event = ours({ kind: 'notification', type: TYPE, body: JSON.parse(BODIES[0][1]) }).body.changes[0];
    expect(hasFastProperties(event)).toBe(true);
  });
});
