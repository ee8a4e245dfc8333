import type { Agent, AgentConfig } from 'node-agent-sdk';
import type { Emulator, EventRecord } from 'node-agent-sdk/emulator';
import { chooseTarget } from './target';

/** What every sample's main.ts shares: reconnect settings, the run loop, the offline print-out. */

/** A sample's main.ts: how it starts its bot, and what it does offline. */
export interface Sample<B extends Agent> {
  /** Printed first, as `<title> against <where it runs>`. */
  title: string;
  /** Starts the bot; `config` has auto-reconnect on (unless `plainConfig`), `emulator` is there when running offline. */
  start(config: AgentConfig, emulator?: Emulator): B;
  /**
   * Pass the configuration as the original sample built it: no `autoReconnect` (those samples
   * call `reconnect()` themselves on `closed`, or stay down as the original did). Default false.
   */
  plainConfig?: boolean;
  /** Offline only, with the emulator's conversation printed: the scripted consumers. Returns the other agents it started. */
  script(emulator: Emulator, bot: B, config: AgentConfig): Promise<Agent[] | void>;
}

/**
 * Runs a sample: against LivePerson (LP_* set) the bot runs until Ctrl-C; offline it runs the
 * script against a fresh emulator, then shuts everything down and exits 0.
 */
export function runSample<B extends Agent>(sample: Sample<B>): void {
  run(async () => {
    const target = await chooseTarget();
    console.log(`${sample.title} against ${target.describe}`);
    const bot = sample.start(sample.plainConfig ? target.config : withAutoReconnect(target.config), target.emulator);
    if (!target.emulator) return runUntilStopped([bot]);

    printConversation(target.emulator);
    const others = (await sample.script(target.emulator, bot, target.config)) ?? [];
    await shutDown([bot, ...others], target.emulator);
  });
}

/** The bots redo their subscriptions on every `connected`, so the SDK must not replay them too. */
export function withAutoReconnect(config: AgentConfig): AgentConfig {
  return { ...config, autoReconnect: { restoreSubscriptions: false } };
}

/** Real LivePerson: keep running until Ctrl-C, then dispose the bots. */
export function runUntilStopped(agents: Agent[]): Promise<void> {
  console.log('Running; Ctrl-C to stop.');
  return new Promise((resolve) =>
    process.once('SIGINT', () => {
      agents.forEach((agent) => agent.dispose());
      resolve();
    }),
  );
}

/** Resolves once the agent's socket is open (at once if it already is). */
export async function connected(agent: Agent): Promise<void> {
  if (!agent.connected) await agent.promises.nextConnected({ timeout: 10_000 });
}

/** Lets the agents' requests in flight finish (up to 2 s). */
export async function drained(agents: Array<{ pendingRequestCount: number }>): Promise<void> {
  for (let i = 0; i < 100 && agents.some((a) => a.pendingRequestCount > 0); i++) await new Promise((r) => setTimeout(r, 20));
}

/**
 * Offline ending: the consumer may see the last effect before the bot has its response, so let
 * the bots' requests finish, then dispose them and close the emulator.
 */
export async function shutDown(agents: Agent[], emulator: Emulator): Promise<void> {
  await drained(agents);
  agents.forEach((agent) => agent.dispose());
  await emulator.close();
}

/** Runs a sample's main and exits 0, or 1 with the error. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error('Failed:', err);
      process.exit(1);
    },
  );
}

/** One readable line for a message as the consumer sees it. */
export function describeMessage(record: EventRecord): string {
  const event = record.event as Record<string, any>;
  let text: string;
  if (event.type === 'RichContentEvent') text = '[structured content card]';
  else if (event.contentType === 'hosted/file') text = `[file ${event.message.fileType}: "${event.message.caption}" at ${event.message.relativePath}]`;
  else text = String(event.message);
  if (event.quickReplies) text += `  (quick replies: ${event.quickReplies.replies.map((r: { title: string }) => r.title).join(' | ')})`;
  const metadata = (record.metadata ?? []) as Array<{ type: string }>;
  if (metadata.length > 0) text += `  {metadata: ${metadata.map((m) => m.type).join(', ')}}`;
  return text;
}

/** Prints what happens in the emulator: conversations, rings, messages both ways. */
export function printConversation(emulator: Emulator): void {
  emulator.on('conversationOpened', (c) => console.log(`[service] a consumer opened conversation ${c.conversationId} (skill ${c.skillId})`));
  emulator.on('ring', (r) => console.log(`[service] ring ${r.ringState} for ${r.agent}`));
  emulator.on('conversationAssigned', (c) => console.log(`[service] conversation assigned to ${c.agent}`));
  emulator.on('consumerMessage', (m) => console.log(`  consumer > ${describeMessage(m.record)}`));
  emulator.on('agentMessage', (m) => console.log(`  ${(m.agent ?? 'agent').padEnd(8)} > ${describeMessage(m.record)}`));
  emulator.on('conversationClosed', (c) => console.log(`[service] conversation closed (${c.closeReason})`));
}
