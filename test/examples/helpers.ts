/** A bot `log` option that keeps the lines, for assertions and failure messages. */
export function logLines(): ((line: string) => void) & { lines: string[] } {
  const lines: string[] = [];
  return Object.assign((line: string) => void lines.push(line), { lines });
}

/** Text of the consumer's messages, in order. */
export const texts = (records: Array<{ event: Record<string, unknown> }>): unknown[] => records.map((r) => r.event.message);
