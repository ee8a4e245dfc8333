import type { Agent } from '../agent';
import { InvalidRequestError, SDKError, SERVICES } from '../errors';
import type { ConversationField, Metadata, MessagingEvent, MessagingEventChange, Role } from '../types';
import { downloadFile, uploadFile } from './files';
import { DialogLog, messageOf, quickRepliesOf } from './messages';
import type { QuickRepliesInput } from './messages';
import type { Snapshot } from './snapshot';
import type { DeskConsumer, DeskDialog, DeskMessage, Participant } from './types';

/** @internal What a conversation needs of its desk. */
export interface ConversationHost {
  readonly agent: Agent;
  readonly fileTimeout: number;
  /** Events of a dialog with `fromSeq <= sequence < olderThan`, ascending. */
  queryHistory(conversationId: string, dialogId: string, fromSeq: number, olderThan?: number): Promise<MessagingEventChange[]>;
}

/** Options of {@link Conversation.sendEvent} (and the other sends). */
export interface DeskSendOptions {
  /** Frame metadata sent with the event (e.g. `[{type:'ExternalId', id:'…'}]`). Default: none. */
  metadata?: Metadata;
  /** The dialog to publish in. Default: the MAIN dialog while it is open, else an open dialog (one this agent is in first), e.g. POST_SURVEY. */
  dialogId?: string;
}

/** Options of {@link Conversation.sendText}. */
export interface SendTextOptions extends DeskSendOptions {
  /** Buttons under the message: titles, choices, or a ready LivePerson `quickReplies` object. Default: none. */
  quickReplies?: QuickRepliesInput;
}

const invalid = (message: string) => Promise.reject(new InvalidRequestError(message));
const isInteger = (n: unknown, min: number) => typeof n === 'number' && Number.isInteger(n) && n >= min;

/**
 * One conversation as the desk sees it: its state (kept up to date from the service's
 * notifications) and what an agent can do in it. Every action returns a promise that rejects
 * with the SDK's errors (`ResponseError` when the service refuses).
 */
export class Conversation {
  /** The conversation id (also the MAIN dialog's id). */
  readonly id: string;
  /** Who the consumer is: id and profile. */
  readonly consumer: DeskConsumer;
  /** @internal */ snapshot: Snapshot;
  /** @internal Per dialog: which events were reported. */ readonly logs = new Map<string, DialogLog>();
  /** @internal */ lastConsumerMessage: DeskMessage | undefined;

  /** @internal The desk makes conversations. */
  constructor(
    private readonly host: ConversationHost,
    snapshot: Snapshot,
  ) {
    this.id = snapshot.id;
    this.snapshot = snapshot;
    this.consumer = { id: snapshot.consumerId ?? '', profile: [] };
  }

  /** State of the MAIN dialog: OPEN or CLOSE. */
  get state(): 'OPEN' | 'CLOSE' {
    return this.snapshot.state;
  }
  /** State of the whole conversation (stays OPEN while a post-conversation survey runs). */
  get stage(): 'OPEN' | 'CLOSE' {
    return this.snapshot.stage;
  }
  /** The skill the conversation is routed to. */
  get skillId(): string {
    return this.snapshot.skillId;
  }
  /** When the conversation started (ms since epoch). */
  get startTs(): number | undefined {
    return this.snapshot.startTs;
  }
  /** Who closed it (`AGENT`, `CONSUMER`, …), once closed. */
  get closeReason(): string | undefined {
    return this.snapshot.closeReason;
  }
  /** The dialogs: MAIN, then POST_SURVEY and others as they open. */
  get dialogs(): readonly DeskDialog[] {
    return this.snapshot.dialogs;
  }
  /** The MAIN dialog's id (the conversation id). */
  get mainDialogId(): string {
    return this.snapshot.dialogs.find((d) => d.dialogType === 'MAIN')?.dialogId ?? this.id;
  }
  /** Time to respond: `{ttrType, value}` as the service sets it. */
  get ttr(): { ttrType: string; value: number } | undefined {
    return this.snapshot.ttr;
  }
  /** The service's effective time to respond, when it sets one. */
  get effectiveTTR(): number | undefined {
    return this.snapshot.effectiveTTR;
  }
  /** ACTIVE participants (PIDs; the consumer id for the consumer), in the service's role order. */
  get participants(): readonly Participant[] {
    return this.snapshot.participants;
  }
  /** Participant PIDs by role, e.g. `{CONSUMER: [...], ASSIGNED_AGENT: [...]}`. */
  get participantsByRole(): Partial<Record<Role, string[]>> {
    const byRole: Partial<Record<Role, string[]>> = {};
    for (const p of this.snapshot.participants) (byRole[p.role] ??= []).push(p.id);
    return byRole;
  }
  /** This agent's role in the conversation, if it takes part. */
  get myRole(): Role | undefined {
    return this.snapshot.myRole;
  }
  /** The conversation context the consumer's channel sent (e.g. `SharkContext`), if any. */
  get context(): Record<string, unknown> | undefined {
    return this.snapshot.context;
  }

  // ------------------------------------------------------------------ messaging

  /** Publishes a text; resolves with its sequence. */
  sendText(text: string, options: SendTextOptions = {}): Promise<number> {
    if (typeof text !== 'string' || text === '') return invalid('sendText: text must be a non-empty string');
    if (options.quickReplies !== undefined && !(Array.isArray(options.quickReplies) || (options.quickReplies as any)?.type === 'quickReplies')) {
      return invalid('sendText: quickReplies must be an array of choices or a quickReplies object');
    }
    const event: MessagingEvent = {
      type: 'ContentEvent',
      contentType: 'text/plain',
      message: text,
      ...(options.quickReplies !== undefined && { quickReplies: quickRepliesOf(options.quickReplies) }),
    };
    return this.sendEvent(event, options);
  }

  /** Publishes any event (content, rich content, accept status, chat state); resolves with its sequence. */
  async sendEvent(event: MessagingEvent, options: DeskSendOptions = {}): Promise<number> {
    if (!event || typeof event !== 'object' || typeof (event as { type?: unknown }).type !== 'string') {
      return invalid('sendEvent: event must be an object with a type');
    }
    if (options.metadata !== undefined && !Array.isArray(options.metadata)) return invalid('sendEvent: metadata must be an array');
    const dialogId = options.dialogId ?? this.defaultDialogId();
    const body = { dialogId, ...(dialogId !== this.id && { conversationId: this.id }), event };
    const { sequence } = await this.host.agent.promises.publishEvent(body, options.metadata ? { metadata: options.metadata } : {});
    return sequence;
  }

  /** Joins the conversation (default as MANAGER; READER to watch; AGENT with `dialogId` for a survey dialog). */
  join(role: Role = 'MANAGER', options: { dialogId?: string } = {}): Promise<string> {
    if (typeof role !== 'string' || role === 'CONSUMER') return invalid('join: role must be an agent role');
    return this.update([{ field: 'ParticipantsChange', type: 'ADD', role, ...(options.dialogId && { dialogId: options.dialogId }) }]);
  }

  /** Leaves the role this agent has. An assigned agent leaving sends the conversation back to the queue. */
  leave(): Promise<string> {
    const role = this.myRole;
    if (!role) return Promise.reject(new SDKError(`not a participant of conversation ${this.id}`, null, SERVICES.MESSAGING));
    return this.update([{ field: 'ParticipantsChange', type: 'REMOVE', role }]);
  }

  /** Hands the conversation to a skill: the assigned agent leaves and routing rings that skill. */
  transferToSkill(skillId: string): Promise<string> {
    if (typeof skillId !== 'string' || skillId === '') return invalid('transferToSkill: skillId must be a non-empty string');
    return this.update([
      { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT' },
      { field: 'Skill', type: 'UPDATE', skill: skillId },
    ]);
  }

  /**
   * Hands the conversation to one agent (`userId`, or `accountId.userId`): it is suggested,
   * the assigned agent leaves, and the conversation stays on `skillId` (default: its skill).
   */
  transferToAgent(agentId: string, options: { skillId?: string } = {}): Promise<string> {
    if (typeof agentId !== 'string' || agentId === '') return invalid('transferToAgent: agentId must be a non-empty string');
    const userId = agentId.includes('.') ? agentId : `${this.host.agent.accountId}.${agentId}`;
    return this.update([
      { field: 'ParticipantsChange', type: 'SUGGEST', userId, role: 'ASSIGNED_AGENT' },
      { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT' },
      { field: 'Skill', type: 'UPDATE', skill: options.skillId ?? this.skillId },
    ]);
  }

  /** The assigned agent leaves; routing offers the conversation to the skill again. */
  backToQueue(): Promise<string> {
    return this.update([{ field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT' }]);
  }

  /** Closes the whole conversation (no post-conversation survey). */
  close(): Promise<string> {
    return this.update([{ field: 'ConversationStateField', conversationState: 'CLOSE' }]);
  }

  /**
   * Closes one dialog (default MAIN). Closing MAIN on a skill with a post-conversation survey
   * opens the POST_SURVEY dialog; closing the last open dialog closes the conversation.
   */
  closeDialog(dialogId: string = this.mainDialogId, options: { closedCause?: string } = {}): Promise<string> {
    const dialog = { dialogId, state: 'CLOSE', closedBy: 'AGENT', ...(options.closedCause && { closedCause: options.closedCause }) };
    return this.update([{ field: 'DialogChange', type: 'UPDATE', dialog }]);
  }

  // ------------------------------------------------------------------ history and files

  /**
   * Content messages of a dialog (default MAIN) with a sequence below `before` (default: all
   * known), the last `limit` of them (default 50), oldest first. Asks the service page by page.
   */
  async messages(options: { before?: number; limit?: number; dialogId?: string } = {}): Promise<DeskMessage[]> {
    const { limit = 50, dialogId = this.mainDialogId } = options;
    if (!isInteger(limit, 1)) return invalid('messages: limit must be a positive integer');
    if (options.before !== undefined && !isInteger(options.before, 0)) return invalid('messages: before must be a sequence (an integer >= 0)');
    const known = this.logs.get(dialogId)?.maxSequence ?? -1;
    let upper = options.before ?? (known >= 0 ? known + 1 : undefined);
    const found: DeskMessage[] = [];
    const me = this.host.agent.agentId;
    while (found.length < limit && upper !== 0) {
      const lower = upper === undefined ? 0 : Math.max(0, upper - limit);
      const page = await this.host.queryHistory(this.id, dialogId, lower, upper);
      const content = page.filter((c) => c.event && (c.event.type === 'ContentEvent' || c.event.type === 'RichContentEvent'));
      found.unshift(...content.map((c) => messageOf(c, this.id, dialogId, me)));
      if (upper === undefined) break;
      upper = lower;
    }
    return found.slice(-limit);
  }

  /** The consumer's most recent message (asks the service when none was seen yet). */
  async latestConsumerMessage(): Promise<DeskMessage | undefined> {
    if (this.lastConsumerMessage) return this.lastConsumerMessage;
    const history = await this.messages({ limit: 50 });
    return history.filter((m) => m.role === 'CONSUMER').pop();
  }

  /** Uploads a file to LivePerson's file store; resolves with its `relativePath` (for a `hosted/file` message). */
  uploadFile(content: Buffer, fileType: string): Promise<string> {
    return uploadFile(this.host.agent, content, fileType, this.host.fileTimeout);
  }

  /** Downloads a hosted file (e.g. `message.file.relativePath`). */
  downloadFile(relativePath: string): Promise<Buffer> {
    return downloadFile(this.host.agent, relativePath, this.host.fileTimeout);
  }

  /** Uploads a file and publishes it as a `hosted/file` message; resolves with its sequence. */
  async sendFile(content: Buffer, fileType: string, options: DeskSendOptions & { caption?: string } = {}): Promise<number> {
    const relativePath = await this.uploadFile(content, fileType);
    const message = { relativePath, fileType: String(fileType).toUpperCase(), ...(options.caption !== undefined && { caption: options.caption }) };
    return this.sendEvent({ type: 'ContentEvent', contentType: 'hosted/file', message }, options);
  }

  // ------------------------------------------------------------------ internals

  private update(conversationField: ConversationField[]): Promise<string> {
    return this.host.agent.promises.updateConversationField({ conversationId: this.id, conversationField });
  }

  /** MAIN while open, else an open dialog (this agent's first), else MAIN. */
  private defaultDialogId(): string {
    const dialogs = this.snapshot.dialogs;
    const main = dialogs.find((d) => d.dialogType === 'MAIN');
    if (main && main.state === 'OPEN') return main.dialogId;
    const me = this.host.agent.agentId;
    const open = dialogs.filter((d) => d.state === 'OPEN');
    const mine = open.find((d) => d.participants.some((p) => p.id === me));
    return (mine ?? open[0])?.dialogId ?? this.mainDialogId;
  }

  /** @internal */
  log(dialogId: string): DialogLog {
    let log = this.logs.get(dialogId);
    if (!log) this.logs.set(dialogId, (log = new DialogLog(dialogId)));
    return log;
  }

  /** @internal */
  toJSON(): Record<string, unknown> {
    return { id: this.id, state: this.state, stage: this.stage, skillId: this.skillId, participants: this.participants, dialogs: this.dialogs, consumer: this.consumer };
  }
}
