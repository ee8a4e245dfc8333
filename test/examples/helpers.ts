import type { Agent } from 'node-agent-sdk';

/** A bot `log` option that keeps the lines, for assertions and failure messages. */
export function logLines(): ((line: string) => void) & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign((line: string) => void lines.push(line), { lines });
}

/** Text of the consumer's messages, in order. */
export const texts = (records: Array<{ event: Record<string, unknown> }>): unknown[] => records.map((r) => r.event.message);

/** A frame the bot sent, as `message:sent` reports it. */
export interface SentFrame {
  type: string;
  body: any;
  metadata?: unknown;
  headers?: unknown;
}

/** Every frame the agent sends from now on, in order (GetClock keep-alives left out). */
export function recordFrames(agent: Agent): SentFrame[] {
  const frames: SentFrame[] = [];
  agent.on('message:sent', (frame: SentFrame) => {
    if (frame.type !== 'GetClock') frames.push(frame);
  });
  return frames;
}

/** `[type, body]` of each frame: what an original sample's steps produce. */
export const steps = (frames: SentFrame[]): Array<[string, unknown]> => frames.map((f) => [f.type, f.body]);

/** A `log` parameter of the ported samples (console.log-like): keeps each call's arguments. */
export function logCalls(): ((...args: unknown[]) => void) & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  return Object.assign((...args: unknown[]) => void calls.push(args), { calls });
}
