import type { Core } from './core';
import { consumerParty } from './conversations';
import type { Consumer, ConsumerProfile, Conversation, Dialog, EventRecord, StoredEvent } from './model';

/** Options of `emulator.consumer()`. */
export interface ConsumerOptions {
  /** Skill of the conversations it starts. Default `'-1'`. */
  skillId?: string;
  /** Raw profile returned by GetUserProfile. Default `{firstName:'Test', lastName:'Consumer'}`. */
  profile?: ConsumerProfile;
  /** Reuse or choose the consumer id. Default: a new 64-hex id. */
  consumerId?: string;
  /** Default: the emulator's default account. */
  accountId?: string;
  /** Default timeout of the `waitFor…` methods, in ms. Default 5000. */
  timeoutMs?: number;
}

/** Options of the `waitFor…` methods. */
export interface WaitOptions {
  /** In ms; default: the consumer's `timeoutMs`. */
  timeout?: number;
}

/** Exact text of a text/plain message, a RegExp on it, or a predicate on the raw record. */
export type MessageMatcher = string | RegExp | ((record: EventRecord) => boolean);

interface Waiter {
  check: () => boolean;
  fail: (err: Error) => void;
}

/**
 * What a `waitFor…` call waited for. `error` is made when the call is made, so a timeout's stack
 * leads to the test line that waited, not to the emulator's timer.
 */
interface WaitSpec {
  what: string;
  error: Error;
  /** Says what was seen instead, when the wait times out. */
  explain: () => string;
}

const CONTENT = new Set(['ContentEvent', 'RichContentEvent']);
const messageText = (r: EventRecord) => (typeof r.event.message === 'string' ? r.event.message : undefined);

/** How a matcher reads in a timeout message: the text as JSON, the RegExp, or the predicate's name. */
function describe(matcher: MessageMatcher): string {
  if (typeof matcher === 'string') return JSON.stringify(matcher);
  if (matcher instanceof RegExp) return String(matcher);
  return `a message accepted by ${matcher.name ? `predicate ${matcher.name}` : 'the predicate'}`;
}

/** One received record as a timeout message quotes it. */
function quote(record: EventRecord): string {
  const text = messageText(record);
  return text !== undefined ? JSON.stringify(text) : `a ${record.event.type}`;
}

/** An error whose stack starts at whoever called `method` (the test line that waited). */
function callerError(method: (...args: never[]) => unknown): Error {
  const error = new Error();
  Error.captureStackTrace(error, method);
  return error;
}

function matches(matcher: MessageMatcher, record: EventRecord): boolean {
  if (typeof matcher === 'function') return matcher(record);
  const text = messageText(record);
  if (text === undefined) return false;
  return typeof matcher === 'string' ? text === matcher : matcher.test(text);
}

/**
 * An in-process consumer: it opens conversations and talks to agents as the consumer side of the
 * service would, and records what the agents send it.
 */
export class ConsumerSimulator {
  /** Every event from someone else the consumer was shown (messages, receipts, typing). */
  readonly events: EventRecord[] = [];
  /** Content and rich-content events from agents, in arrival order. */
  readonly messages: EventRecord[] = [];
  private conv?: Conversation;
  private cursor = 0;
  private readonly waiters = new Set<Waiter>();
  private readonly onEvent = (conv: Conversation, _dialog: Dialog, stored: StoredEvent) => this.receive(conv, stored);
  private readonly onConversation = (conv: Conversation) => this.observe(conv);

  /** @internal Use `emulator.consumer()`. */
  constructor(
    private readonly core: Pick<Core, 'bus' | 'conversations' | 'state' | 'outbox' | 'timers'>,
    private readonly consumer: Consumer,
    private readonly options: ConsumerOptions,
  ) {
    core.bus.on('event', this.onEvent);
    core.bus.on('conversation', this.onConversation);
  }

  /** The consumer's id (in `participants` and `originatorId`). */
  get consumerId(): string {
    return this.consumer.id;
  }

  /** The current (or last) conversation. */
  get conversationId(): string | undefined {
    return this.conv?.convId;
  }

  /** The dialog messages go to: MAIN while open, then an open POST_SURVEY dialog. */
  get dialogId(): string | undefined {
    return this.conv?.dialogs.find((d) => d.state === 'OPEN')?.dialogId;
  }

  /** The open POST_SURVEY dialog, if any. */
  get surveyDialogId(): string | undefined {
    return this.conv?.dialogs.find((d) => d.dialogType === 'POST_SURVEY' && d.state === 'OPEN')?.dialogId;
  }

  /** Whether the current conversation is open (its `stage`). */
  get isOpen(): boolean {
    return this.conv?.stage === 'OPEN';
  }

  /** Opens a conversation on the skill: subscribers get an UPSERT, eligible agents a ring. */
  async startConversation(options: { skillId?: string; context?: Record<string, unknown> } = {}): Promise<string> {
    const { conversations, state, outbox } = this.core;
    if (conversations.openConversationOf(this.consumer)) throw new Error('consumer already has an open conversation');
    const skillId = options.skillId ?? this.options.skillId ?? '-1';
    if (!state.account(this.consumer.accountId)?.skills.has(skillId)) throw new Error(`unknown skill ${skillId}`);
    this.conv = outbox.run(() => conversations.open(this.consumer, { skillId, context: options.context }));
    return this.conv.convId;
  }

  /** Publishes a text (or a whole event object) on the open dialog; resolves with its sequence. */
  async send(message: string | EventRecord['event'], options: { metadata?: unknown[] } = {}): Promise<number> {
    const event = typeof message === 'string' ? { type: 'ContentEvent', contentType: 'text/plain', message } : message;
    return this.publish(this.openDialog(), event, options.metadata);
  }

  /** A ChatStateEvent (unsequenced). */
  async typing(chatState = 'COMPOSING'): Promise<void> {
    this.publish(this.openDialog(), { type: 'ChatStateEvent', chatState });
  }

  /** Marks agent messages as READ; default: every agent message received so far on the open dialog. */
  async read(sequences?: number[]): Promise<void> {
    const dialog = this.openDialog();
    const list =
      sequences ?? this.messages.filter((m) => m.dialogId === dialog.dialogId).flatMap((m) => (m.sequence === undefined ? [] : [m.sequence]));
    if (list.length > 0) this.publish(dialog, { type: 'AcceptStatusEvent', status: 'READ', sequenceList: list });
  }

  /** Answers on the POST_SURVEY dialog, one text message per answer. */
  async answerSurvey(answers: string | string[]): Promise<void> {
    const dialog = this.conv?.dialogs.find((d) => d.dialogType === 'POST_SURVEY' && d.state === 'OPEN');
    if (!dialog) throw new Error('no open POST_SURVEY dialog');
    for (const answer of Array.isArray(answers) ? answers : [answers]) {
      this.publish(dialog, { type: 'ContentEvent', contentType: 'text/plain', message: answer });
    }
  }

  /**
   * Closes as a consumer does: the MAIN dialog (which opens a survey if the skill has one, else
   * ends the conversation), or the whole conversation once MAIN is already closed.
   */
  async close(): Promise<void> {
    const conv = this.conv;
    if (!conv || conv.stage !== 'OPEN') throw new Error('no open conversation');
    const { conversations, outbox } = this.core;
    outbox.run(() => {
      const main = conversations.mainDialog(conv);
      if (main.state === 'OPEN') conversations.closeDialog(conv, main, 'CONSUMER');
      else conversations.closeConversation(conv, 'CONSUMER');
      conversations.changed(conv);
    });
  }

  /**
   * The first matching agent message after the last one a `waitForMessage` returned. Messages that
   * arrived before the call count, so there is no race between acting and waiting.
   */
  waitForMessage(matcher: MessageMatcher = () => true, options: WaitOptions = {}): Promise<EventRecord> {
    let found: EventRecord | undefined;
    const from = this.cursor;
    const spec: WaitSpec = {
      what: `waitForMessage(${describe(matcher)})`,
      error: callerError(this.waitForMessage),
      explain: () => {
        const seen = this.messages.slice(from);
        if (seen.length === 0) return `no agent message arrived${from > 0 ? ' after the last one matched' : ''}`;
        return `the agent messages that arrived${from > 0 ? ' after the last one matched' : ''}: ${seen.map(quote).join(', ')}`;
      },
    };
    return this.waitFor(
      () => {
        const index = this.messages.findIndex((m, i) => i >= this.cursor && matches(matcher, m));
        if (index < 0) return false;
        found = this.messages[index];
        this.cursor = index + 1;
        return true;
      },
      spec,
      options,
    ).then(() => found as EventRecord);
  }

  /**
   * Resolves with the PID of the ASSIGNED_AGENT once one has joined. Messages sent before that
   * reach the agent only through its history query (QueryMessages), as on the real service.
   */
  async waitForAgent(options: WaitOptions = {}): Promise<string> {
    const assigned = () => this.conv?.participants.find((p) => p.role === 'ASSIGNED_AGENT')?.party.pid;
    const spec = this.spec(
      'waitForAgent()',
      () => `participants: ${this.conv ? this.conv.participants.map((p) => p.role).join(', ') : 'no conversation started'}`,
      this.waitForAgent,
    );
    await this.waitFor(() => this.conv?.stage === 'OPEN' && assigned() !== undefined, spec, options);
    return assigned() as string;
  }

  /** Resolves once the conversation is closed (by anyone). */
  waitForClose(options: WaitOptions = {}): Promise<void> {
    const spec = this.spec('waitForClose()', () => (this.conv ? `the conversation is ${this.conv.stage}` : 'no conversation started'), this.waitForClose);
    return this.waitFor(() => this.conv?.stage === 'CLOSE', spec, options);
  }

  /** Resolves with the POST_SURVEY dialog id once one is open. */
  async waitForSurvey(options: WaitOptions = {}): Promise<string> {
    const spec = this.spec('waitForSurvey()', () =>
      this.conv ? `dialogs: ${this.conv.dialogs.map((d) => `${d.dialogType} ${d.state}`).join(', ')}` : 'no conversation started',
      this.waitForSurvey,
    );
    await this.waitFor(() => this.surveyDialogId !== undefined, spec, options);
    return this.surveyDialogId as string;
  }

  /** @internal Detaches from the emulator; pending waits fail. */
  dispose(): void {
    this.core.bus.off('event', this.onEvent);
    this.core.bus.off('conversation', this.onConversation);
    for (const waiter of this.waiters) waiter.fail(new Error('emulator closed'));
  }

  private openDialog(): Dialog {
    const dialog = this.conv?.dialogs.find((d) => d.state === 'OPEN');
    if (!this.conv || !dialog) throw new Error('no open conversation');
    return dialog;
  }

  private publish(dialog: Dialog, event: EventRecord['event'], metadata?: unknown[]): number {
    const conv = this.conv as Conversation;
    const from = { party: consumerParty(this.consumer), role: 'CONSUMER' as const };
    const record = this.core.outbox.run(() => this.core.conversations.publish(conv, dialog, from, event, metadata));
    return record.sequence ?? 0;
  }

  private receive(conv: Conversation, stored: StoredEvent): void {
    if (conv !== this.conv || stored.record.originatorId === this.consumer.id) return;
    if (stored.audience === 'AGENTS_AND_MANAGERS') return;
    this.events.push(stored.record);
    if (CONTENT.has(stored.record.event.type)) this.messages.push(stored.record);
    this.settle();
  }

  /** Adopts conversations opened for this consumer by an agent (AgentRequestConversation). */
  private observe(conv: Conversation): void {
    if (conv.consumer !== this.consumer) return;
    if (!this.conv || (this.conv.stage === 'CLOSE' && conv.stage === 'OPEN')) this.conv = conv;
    this.settle();
  }

  private settle(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  private spec(what: string, explain: () => string, method: (...args: never[]) => unknown): WaitSpec {
    return { what, explain, error: callerError(method) };
  }

  private waitFor(ready: () => boolean, spec: WaitSpec, options: WaitOptions): Promise<void> {
    const timeout = options.timeout ?? this.options.timeoutMs ?? 5000;
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        check: () => {
          if (!ready()) return false;
          done();
          resolve();
          return true;
        },
        fail: (err) => {
          done();
          reject(err);
        },
      };
      const timer = this.core.timers.set(() => {
        spec.error.message = `${spec.what} timed out after ${timeout} ms; ${spec.explain()}`;
        // The stack was captured with an empty message: put the real one in its first line.
        spec.error.stack = `Error: ${spec.error.message}${spec.error.stack?.slice(spec.error.stack.indexOf('\n')) ?? ''}`;
        waiter.fail(spec.error);
      }, timeout);
      const done = () => {
        this.core.timers.clear(timer);
        this.waiters.delete(waiter);
      };
      if (!waiter.check()) this.waiters.add(waiter);
    });
  }
}
