import type { Metadata, MessagingEventChange } from '../types';
import type { DeskMessage, QuickReplyChoice } from './types';

const CONTENT = new Set(['ContentEvent', 'RichContentEvent']);

/**
 * The sequenced events of one dialog the desk has seen. Messages are reported once per
 * sequence; while a history query is on its way events wait, so the answer and what arrived
 * meanwhile are reported together in sequence order.
 */
export class DialogLog {
  private readonly seen = new Set<number>();
  /** Highest sequence seen, -1 before any. */
  maxSequence = -1;
  /** Whether the desk queries this dialog's history (it takes part in it). */
  followed = false;
  /** History queries on their way; events wait while there is one. */
  private queries = 0;
  private held: MessagingEventChange[] = [];

  constructor(readonly dialogId: string) {}

  /** Takes events; returns the new content events, in sequence order (none while a query is on its way). */
  take(changes: MessagingEventChange[]): MessagingEventChange[] {
    if (this.queries > 0 || !this.followed) {
      this.held.push(...changes);
      return [];
    }
    return this.accept(changes);
  }

  /** A history query starts: events wait for its answer. */
  hold(): void {
    this.queries++;
  }

  /** A history query ended with `answer`: once none is left, everything held is taken, in order. */
  release(answer: MessagingEventChange[] = []): MessagingEventChange[] {
    this.queries = Math.max(0, this.queries - 1);
    this.held.push(...answer);
    if (this.queries > 0) return [];
    const held = this.held;
    this.held = [];
    return this.accept(held);
  }

  private accept(changes: MessagingEventChange[]): MessagingEventChange[] {
    const fresh: MessagingEventChange[] = [];
    const ordered = changes.filter((c) => c && typeof c.sequence === 'number').sort((a, b) => (a.sequence as number) - (b.sequence as number));
    for (const change of ordered) {
      const sequence = change.sequence as number;
      if (this.seen.has(sequence)) continue;
      this.seen.add(sequence);
      if (sequence > this.maxSequence) this.maxSequence = sequence;
      if (change.event && CONTENT.has(change.event.type)) fresh.push(change);
    }
    return fresh;
  }
}

/** A content event as a {@link DeskMessage}. */
export function messageOf(change: MessagingEventChange, conversationId: string, dialogId: string, myId: string | undefined): DeskMessage {
  const event: any = change.event;
  const message: DeskMessage = {
    conversationId,
    dialogId,
    sequence: change.sequence as number,
    originatorId: change.originatorId,
    ...(change.originatorMetadata?.role && { role: change.originatorMetadata.role }),
    fromMe: change.__isMe === true || (myId !== undefined && change.originatorId === myId),
    ...(typeof change.serverTimestamp === 'number' && { timestamp: change.serverTimestamp }),
    metadata: Array.isArray(change.metadata) ? change.metadata : [],
    event: change.event,
  };
  if (event.type === 'ContentEvent' && typeof event.message === 'string') message.text = event.message;
  if (event.type === 'ContentEvent' && event.contentType === 'hosted/file' && event.message && typeof event.message === 'object') {
    const { relativePath, fileType, caption, preview } = event.message;
    message.file = { relativePath, fileType, ...(caption !== undefined && { caption }), ...(preview !== undefined && { preview }) };
  }
  const choices = choicesOf(event.quickReplies);
  if (choices) message.quickReplies = choices;
  return message;
}

/** The buttons of a `quickReplies` object, read leniently (the service passes it through as sent). */
function choicesOf(quickReplies: any): QuickReplyChoice[] | undefined {
  if (!quickReplies || !Array.isArray(quickReplies.replies)) return undefined;
  return quickReplies.replies.map((reply: any) => {
    const action = Array.isArray(reply?.click?.actions) ? reply.click.actions.find((a: any) => a && a.type === 'publishText') : undefined;
    return {
      title: String(reply?.title ?? ''),
      ...(action && typeof action.text === 'string' && action.text !== reply?.title && { text: action.text }),
      ...(typeof reply?.tooltip === 'string' && { tooltip: reply.tooltip }),
      ...(Array.isArray(reply?.click?.metadata) && { metadata: reply.click.metadata as Metadata }),
    };
  });
}

/** Quick replies as `sendText` takes them: titles, choices, or a ready `quickReplies` object. */
export type QuickRepliesInput = Array<string | QuickReplyChoice> | { type: 'quickReplies'; replies: unknown[]; [key: string]: unknown };

/** LivePerson's `quickReplies` object: one `button` per choice, publishing its text when clicked. */
export function quickRepliesOf(input: QuickRepliesInput): Record<string, unknown> {
  if (!Array.isArray(input)) return input;
  return {
    type: 'quickReplies',
    itemsPerRow: 8,
    replies: input.map((choice) => {
      const c: QuickReplyChoice = typeof choice === 'string' ? { title: choice } : choice;
      return {
        type: 'button',
        tooltip: c.tooltip ?? c.title,
        title: c.title,
        click: { actions: [{ type: 'publishText', text: c.text ?? c.title }], ...(c.metadata && { metadata: c.metadata }) },
      };
    }),
  };
}
