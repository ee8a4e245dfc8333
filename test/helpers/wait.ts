import { Agent } from 'node-agent-sdk';
import { waitFor } from './events';
import type { FakeLP } from './fake-lp';

/** A uuid v4, as the request ids must be. */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * Polls `condition` until it holds. There is no deadline of its own: a condition that never
 * holds fails through jest's test timeout, so no test depends on how fast the machine is.
 */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 2));
}

/** Waits until the server has received `count` request frames in all. */
export function framesReceived(lp: FakeLP, count: number): Promise<void> {
  return until(() => lp.frames.length >= count);
}

let syncCounter = 0;

/**
 * Makes sure the agent has processed every frame the server sent before: the server sends one
 * more notification, and frames are handled in order.
 */
export async function sync(lp: FakeLP, agent: Agent): Promise<void> {
  const type = `test.sync.${++syncCounter}`;
  const seen = waitFor(agent, type);
  lp.notify(type, {});
  await seen;
}

/** Creates agents against a FakeLP and disposes all of them at the end of a test. */
export class Agents {
  private readonly all: Agent[] = [];

  /** An agent whose socket is open. */
  async connected(lp: FakeLP, extra: Record<string, unknown> = {}): Promise<Agent> {
    const agent = this.track(new Agent(lp.config(extra)));
    await waitFor(agent, 'connected');
    return agent;
  }

  track<A extends Agent>(agent: A): A {
    this.all.push(agent);
    return agent;
  }

  disposeAll(): void {
    for (const agent of this.all.splice(0)) agent.dispose();
  }
}

/** A frame as it crossed the wire: what JSON keeps of an object (undefined fields dropped). */
export function onTheWire(value: unknown): any {
  return JSON.parse(JSON.stringify(value));
}
