import { TransformError, type Agent } from 'node-agent-sdk';
import type { FakeLP } from '../helpers/fake-lp';
import { sync } from '../helpers/wait';
import { fakeLPSuite } from '../helpers/suite';

/** A notification the SDK cannot rewrite: it reports a TransformError without context. */
const UNREWRITABLE = {
  type: '.ams.aam.ExConversationChangeNotification',
  body: { changes: [{ type: 'UPSERT', result: { convId: 'c-1', conversationDetails: { participants: {}, dialogs: [] } } }] },
};

/** The Node EventEmitter API bots of the original (which extended it) may call (docs/compatibility.md, "Emitter API"). */
describe('an Agent is an event emitter compatible with Node’s', () => {
  let lp: FakeLP;
  let agent: Agent;
  const suite = fakeLPSuite();
  const { agents } = suite;
  beforeEach(async () => {
    lp = suite.lp;
    agent = await agents.connected(lp);
  });

  it('on / addListener / emit pass every argument, in registration order; emit tells whether anyone listened', () => {
    const calls: any[][] = [];
    expect(agent.on('Test.x', (...args: any[]) => calls.push(['on', ...args]))).toBe(agent);
    expect(agent.addListener('Test.x', (...args: any[]) => calls.push(['addListener', ...args]))).toBe(agent);
    expect(agent.emit('Test.x', 1, 'two', { three: 3 })).toBe(true);
    expect(agent.emit('Test.nobody')).toBe(false);
    expect(calls).toEqual([
      ['on', 1, 'two', { three: 3 }],
      ['addListener', 1, 'two', { three: 3 }],
    ]);
  });

  it('once fires a single time', () => {
    const calls: number[] = [];
    agent.once('Test.x', (n: number) => calls.push(n));
    agent.emit('Test.x', 1);
    agent.emit('Test.x', 2);
    expect(calls).toEqual([1]);
    expect(agent.listenerCount('Test.x')).toBe(0);
  });

  it('off / removeListener remove one listener; removeAllListeners(event) removes that event’s', () => {
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    agent.on('Test.x', a);
    agent.on('Test.x', b);
    agent.on('Test.y', a);
    expect(agent.off('Test.x', a)).toBe(agent);
    agent.emit('Test.x');
    expect(agent.removeListener('Test.x', b)).toBe(agent);
    agent.emit('Test.x');
    expect(calls).toEqual(['b']);
    agent.on('Test.x', b);
    expect(agent.removeAllListeners('Test.x')).toBe(agent);
    expect(agent.listenerCount('Test.x')).toBe(0);
    expect(agent.listenerCount('Test.y')).toBe(1);
  });

  it('listeners / rawListeners / listenerCount / eventNames describe what is registered', () => {
    const a = () => undefined;
    const b = () => undefined;
    agent.on('Test.x', a);
    agent.on('Test.x', b);
    agent.once('Test.y', a);
    expect(agent.listeners('Test.x')).toEqual([a, b]);
    expect(agent.rawListeners('Test.x')).toEqual([a, b]);
    expect(agent.listenerCount('Test.x')).toBe(2);
    expect(agent.listenerCount('Test.y')).toBe(1);
    expect(agent.listenerCount('Test.z')).toBe(0);
    expect(agent.eventNames()).toEqual(expect.arrayContaining(['Test.x', 'Test.y']));
    expect(agent.eventNames()).not.toContain('Test.z');
  });

  it('setMaxListeners / getMaxListeners work (default 10) and chain', () => {
    expect(agent.getMaxListeners()).toBe(10);
    expect(agent.setMaxListeners(50)).toBe(agent);
    expect(agent.getMaxListeners()).toBe(50);
    for (let i = 0; i < 60; i++) agent.on('Test.many', () => undefined);
    expect(agent.listenerCount('Test.many')).toBe(60);
  });

  it('prependListener puts a listener first, whatever is registered already', () => {
    const order: string[] = [];
    agent.prependListener('Test.alone', () => order.push('Test.alone'));
    agent.emit('Test.alone');
    agent.on('Test.x', () => order.push('first on'));
    expect(agent.prependListener('Test.x', () => order.push('prepended 1'))).toBe(agent);
    agent.on('Test.x', () => order.push('second on'));
    agent.prependListener('Test.x', () => order.push('prepended 2'));
    agent.emit('Test.x');
    expect(order).toEqual(['Test.alone', 'prepended 2', 'prepended 1', 'first on', 'second on']);
  });

  it('prependOnceListener puts a one-shot listener first', () => {
    const order: string[] = [];
    agent.on('Test.x', () => order.push('on'));
    expect(agent.prependOnceListener('Test.x', () => order.push('once'))).toBe(agent);
    agent.emit('Test.x');
    agent.emit('Test.x');
    expect(order).toEqual(['once', 'on', 'on']);
  });

  it('does not throw when "error" is emitted with no listener (unlike Node’s emitter)', () => {
    expect(agent.listenerCount('error')).toBe(0);
    expect(() => agent.emit('error', new Error('nobody listens'))).not.toThrow();
  });

  it('turns an SDK error nobody listens to into a process warning instead of a crash', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    lp.notify(UNREWRITABLE.type, UNREWRITABLE.body);
    await sync(lp, agent);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toBe("node-agent-sdk: unhandled 'error' event: Error: participantsPId key property is missing on notification for convId c-1");
    expect(warn.mock.calls[0][1]).toEqual({ code: 'NODE_AGENT_SDK_UNHANDLED_ERROR' });
    expect(agent.connected).toBe(true);
  });

  it('turns an error listener that throws into a process warning', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const seen: unknown[] = [];
    agent.on('error', (err) => {
      seen.push(err);
      throw new Error('error listener bug');
    });
    lp.notify(UNREWRITABLE.type, UNREWRITABLE.body);
    await sync(lp, agent);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(TransformError);
    expect(warn).toHaveBeenCalledWith("node-agent-sdk: an 'error' listener threw: error listener bug", { code: 'NODE_AGENT_SDK_LISTENER_THREW' });
    expect(agent.connected).toBe(true);
  });
});
