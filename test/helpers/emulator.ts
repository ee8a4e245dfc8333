import type { Agent } from 'node-agent-sdk';
import { startEmulator, type Emulator, type EmulatorOptions } from 'node-agent-sdk/emulator';

/**
 * The one set-up of the tests that run against the emulator: every emulator started and agent
 * tracked here is disposed by `cleanUp` (wire it with `afterEach(cleanUp)`): agents first, so
 * none reconnects to a closing emulator, then the emulators.
 */

const agents: Agent[] = [];
const emulators: Emulator[] = [];

/** An emulator on 127.0.0.1 that `cleanUp` closes. */
export async function emulatorForTest(options?: EmulatorOptions): Promise<Emulator> {
  const emulator = await startEmulator(options);
  emulators.push(emulator);
  return emulator;
}

/** Has `cleanUp` dispose the agent. */
export function track<A extends Agent>(agent: A): A {
  agents.push(agent);
  return agent;
}

export async function cleanUp(): Promise<void> {
  agents.splice(0).forEach((agent) => agent.dispose());
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
}
