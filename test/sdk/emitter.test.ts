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
    expect(agent.on('x', (...args: any[]) => calls.push(['on', ...args]))).toBe(agent);
    expect(agent.addListener('x', (...args: any[]) => calls.push(['addListener', ...args]))).toBe(agent);
    expect(agent.emit('x', 1, 'two', { three: 3 })).toBe(true);
    expect(agent.emit('nobody')).toBe(false);
    expect(calls).toEqual([
      ['on', 1, 'two', { three: 3 }],
      ['addListener', 1, 'two', { three: 3 }],
    ]);
  });

  it('once fires a single time', () => {
    const calls: number[] = [];
    agent.once('x', (n: number) => calls.push(n));
    agent.emit('x', 1);
    agent.emit('x', 2);
    expect(calls).toEqual([1]);
    expect(agent.listenerCount('x')).toBe(0);
  });

  it('off / removeListener remove one listener; removeAllListeners(event) removes that event’s', () => {
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    agent.on('x', a);
    agent.on('x', b);
    agent.on('y', a);
    expect(agent.off('x', a)).toBe(agent);
    agent.emit('x');
    expect(agent.removeListener('x', b)).toBe(agent);
    agent.emit('x');
    expect(calls).toEqual(['b']);
    agent.on('x', b);
    expect(agent.removeAllListeners('x')).toBe(agent);
    expect(agent.listenerCount('x')).toBe(0);
    expect(agent.listenerCount('y')).toBe(1);
  });

  it('listeners / rawListeners / listenerCount / eventNames describe what is registered', () => {
    const a = () => undefined;
    const b = () => undefined;
    agent.on('x', a);
    agent.on('x', b);
    agent.once('y', a);
    expect(agent.listeners('x')).toEqual([a, b]);
    expect(agent.rawListeners('x')).toEqual([a, b]);
    expect(agent.listenerCount('x')).toBe(2);
    expect(agent.listenerCount('y')).toBe(1);
    expect(agent.listenerCount('z')).toBe(0);
    expect(agent.eventNames()).toEqual(expect.arrayContaining(['x', 'y']));
    expect(agent.eventNames()).not.toContain('z');
  });

  it('setMaxListeners / getMaxListeners work (default 10) and chain', () => {
    expect(agent.getMaxListeners()).toBe(10);
    expect(agent.setMaxListeners(50)).toBe(agent);
    expect(agent.getMaxListeners()).toBe(50);
    for (let i = 0; i < 60; i++) agent.on('many', () => undefined);
    expect(agent.listenerCount('many')).toBe(60);
  });

  it('prependListener puts a listener first, whatever is registered already', () => {
    const order: string[] = [];
    agent.prependListener('alone', () => order.push('alone'));
    agent.emit('alone');
    agent.on('x', () => order.push('first on'));
    expect(agent.prependListener('x', () => order.push('prepended 1'))).toBe(agent);
    agent.on('x', () => order.push('second on'));
    agent.prependListener('x', () => order.push('prepended 2'));
    agent.emit('x');
    expect(order).toEqual(['alone', 'prepended 2', 'prepended 1', 'first on', 'second on']);
  });

  it('prependOnceListener puts a one-shot listener first', () => {
    const order: string[] = [];
    agent.on('x', () => order.push('on'));
    expect(agent.prependOnceListener('x', () => order.push('once'))).toBe(agent);
    agent.emit('x');
    agent.emit('x');
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
