import type { Agent } from 'node-agent-sdk';
import { startEmulator, type Emulator, type EmulatorOptions } from 'node-agent-sdk/emulator';

/** Every agent and emulator a test starts, disposed by `cleanUp` (wired in afterEach). */
const agents: Agent[] = [];
const emulators: Emulator[] = [];

export async function emulatorForTest(options?: EmulatorOptions): Promise<Emulator> {
  const emulator = await startEmulator(options);
  emulators.push(emulator);
  return emulator;
}

export function track<A extends Agent>(agent: A): A {
  agents.push(agent);
  return agent;
}

export async function cleanUp(): Promise<void> {
  agents.splice(0).forEach((agent) => agent.dispose());
  await Promise.all(emulators.splice(0).map((emulator) => emulator.close()));
}

/** A bot `log` option that keeps the lines, for assertions and failure messages. */
export function logLines(): ((line: string) => void) & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign((line: string) => void lines.push(line), { lines });
}

/** Text of the consumer's messages, in order. */
export const texts = (records: Array<{ event: Record<string, unknown> }>): unknown[] => records.map((r) => r.event.message);
