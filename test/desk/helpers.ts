import { Agent, type AgentConfig, type Conversation, ConversationDesk, type DeskOptions } from 'node-agent-sdk';
import type { Emulator } from 'node-agent-sdk/emulator';

import { track } from '../helpers/emulator';

/** One desk event: its name, the conversation (when it has one) and the payload. */
export interface DeskEntry {
  name: string;
  conversation?: Conversation;
  payload: any;
}

const NAMES = [
  'ready',
  'ring',
  'conversation',
  'message',
  'participant-added',
  'participant-removed',
  'transfer-skill',
  'transfer-agent',
  'back-to-queue',
  'dialog',
  'close',
  'error',
] as const;

/** Records every event of a desk, as entries and as compact comparable lines. */
export class DeskLog {
  readonly entries: DeskEntry[] = [];
  private waiters: Array<{ check: () => boolean }> = [];

  constructor(desk: ConversationDesk) {
    for (const name of NAMES) {
      desk.on(name, (...args: any[]) => {
        const conversational = !['ready', 'ring', 'conversation', 'error'].includes(name);
        this.entries.push(
          name === 'conversation'
            ? { name, conversation: args[0], payload: args[0] }
            : conversational
              ? { name, conversation: args[0], payload: args[1] }
              : { name, payload: args.length > 1 ? args : args[0] },
        );
        for (const waiter of [...this.waiters]) waiter.check();
      });
    }
  }

  /**
   * `message consumer: hi`, `message me: Echo: hi`, `participant-added MANAGER (me)`,
   * `transfer-skill -1 -> 7`, `dialog opened POST_SURVEY`, `close CONSUMER`, …
   */
  get lines(): string[] {
    return this.entries.map(({ name, payload: p }) => {
      switch (name) {
        case 'message':
          return `message ${p.fromMe ? 'me' : String(p.role).toLowerCase()}: ${p.text ?? p.event.type}`;
        case 'participant-added':
        case 'participant-removed':
          return `${name} ${p.role}${p.isMe ? ' (me)' : ''}`;
        case 'transfer-skill':
          return `${name} ${p.fromSkillId} -> ${p.toSkillId}`;
        case 'transfer-agent':
          return `${name} ${p.agentId}`;
        case 'dialog':
          return `dialog ${p.change} ${p.dialog.dialogType}`;
        case 'close':
          return `close ${p.closeReason ?? '?'}${p.vanished ? ' (vanished)' : ''}`;
        case 'error':
          return `error ${p[1]?.location}: ${p[0]?.message}`;
        case 'ready':
          return p.reconnect ? 'ready (reconnect)' : 'ready';
        default:
          return name;
      }
    });
  }

  of(name: string): DeskEntry[] {
    return this.entries.filter((e) => e.name === name);
  }

  /** Resolves with the first entry (already recorded or to come) that matches. */
  waitFor(name: string, match: (entry: DeskEntry) => boolean = () => true, from = 0): Promise<DeskEntry> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.entries.slice(from).find((e) => e.name === name && match(e));
        if (!found) return false;
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(found);
        return true;
      };
      const waiter = { check };
      if (!check()) this.waiters.push(waiter);
    });
  }

  /** Resolves once `line` has been recorded `count` times. */
  async waitForLine(line: string, count = 1): Promise<void> {
    await new Promise<void>((resolve) => {
      const waiter = {
        check: () => {
          if (this.lines.filter((l) => l === line).length < count) return false;
          this.waiters = this.waiters.filter((w) => w !== waiter);
          resolve();
          return true;
        },
      };
      if (!waiter.check()) this.waiters.push(waiter);
    });
  }
}

export interface DeskUnderTest {
  agent: Agent;
  desk: ConversationDesk;
  log: DeskLog;
}

/** An agent on the emulator with a desk and a log of its events; disposed by `cleanUp`. */
export function deskFor(emulator: Emulator, options: DeskOptions = {}, config: Partial<AgentConfig> & { username?: string } = {}): DeskUnderTest {
  const { username, ...extra } = config;
  const agent = new Agent({ ...emulator.agentConfig(username), ...extra });
  track(agent);
  const desk = new ConversationDesk(agent, options);
  return { agent, desk, log: new DeskLog(desk) };
}

/** Accepts every ring of the desk. */
export function acceptRings(desk: ConversationDesk): void {
  desk.on('ring', (ring) => void ring.accept());
}
