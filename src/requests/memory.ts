import type { RequestName } from './table';

const TRACKED = new Set<RequestName>([
  'subscribeExConversations',
  'unsubscribeExConversations',
  'subscribeRoutingTasks',
  'subscribeAgentsState',
  'setAgentState',
  'subscribeMessagingEvents',
]);

export interface Replay {
  name: RequestName;
  body: any;
  /** The ExConversations subscription this replay makes again (it gets a new id). */
  replaces?: string;
}

interface FollowedDialog {
  body: any;
  lastSequence: number | undefined;
  /** True once a query of it succeeded; until then it is only being asked about. */
  followed: boolean;
  /** Queries sent and not answered yet. */
  inFlight: number;
}

/** Shared by every SessionMemory with nothing in a map yet; never written to. */
const NOTHING: Map<any, any> = new Map();

/**
 * What the bot set up on the socket, so auto-reconnect can set it up again: ExConversations
 * subscriptions, routing and agent-state subscriptions, the last agent state, and the dialogs
 * queried with subscribeMessagingEvents with the last sequence seen in each. A dialog is known
 * from the moment its query is sent, so the events of the query's own answer (emitted before
 * the callback runs) count as seen; it is forgotten when its conversation or dialog closes.
 */
export class SessionMemory {
  // Until something is remembered they are the shared empty maps below, which are only read:
  // an agent that set nothing up holds no maps (about 0.5 KB). Each `set` is preceded by making the map its own.
  private exConversations: Map<string, any> = NOTHING;
  private singles: Map<RequestName, any> = NOTHING;
  private dialogs: Map<string, FollowedDialog> = NOTHING;

  /** Whether a request's outcome matters for restoring; other requests are not tracked at all. */
  static tracks(name: RequestName): boolean {
    return TRACKED.has(name);
  }

  /** Called when a tracked request is sent. */
  sent(name: RequestName, body: any): void {
    if (name !== 'subscribeMessagingEvents' || !isDialogQuery(body)) return;
    const dialog = this.dialogs.get(body.dialogId);
    if (dialog) dialog.inFlight++;
    else {
      if (this.dialogs === NOTHING) this.dialogs = new Map();
      this.dialogs.set(body.dialogId, { body, lastSequence: undefined, followed: false, inFlight: 1 });
    }
  }

  /** Called when a tracked request succeeded. */
  record(name: RequestName, body: any, response: any, replaces?: string): void {
    switch (name) {
      case 'subscribeExConversations':
        if (replaces !== undefined) this.exConversations.delete(replaces);
        if (response && response.subscriptionId) {
          if (this.exConversations === NOTHING) this.exConversations = new Map();
          this.exConversations.set(response.subscriptionId, body);
        }
        break;
      case 'unsubscribeExConversations':
        if (body && body.subscriptionId) this.exConversations.delete(body.subscriptionId);
        break;
      case 'subscribeRoutingTasks':
      case 'subscribeAgentsState':
      case 'setAgentState':
        if (this.singles === NOTHING) this.singles = new Map();
        this.singles.set(name, body);
        break;
      case 'subscribeMessagingEvents':
        this.answered(body, true);
        break;
    }
  }

  /** Called when a tracked request failed. */
  failed(name: RequestName, body: any): void {
    if (name === 'subscribeMessagingEvents') this.answered(body, false);
  }

  /** Notes the sequence of each messaging event of a known dialog. */
  sawEvents(dialogId: string, changes: Array<{ sequence?: unknown }>): void {
    // Most events come to bots that follow no dialog: no lookup (hashing a new id string) for them.
    if (this.dialogs.size === 0) return;
    const dialog = this.dialogs.get(dialogId);
    if (!dialog || !Array.isArray(changes)) return;
    for (const change of changes) {
      if (change && typeof change.sequence === 'number' && (dialog.lastSequence === undefined || change.sequence > dialog.lastSequence)) {
        dialog.lastSequence = change.sequence;
      }
    }
  }

  /** Forgets the dialogs of conversations that closed, and dialogs that closed on their own. */
  sawConversationChanges(changes: unknown): void {
    if (!Array.isArray(changes)) return;
    for (const change of changes) {
      const result = change && change.result;
      const details = result && result.conversationDetails;
      if (!details) continue;
      const dialogs: any[] = Array.isArray(details.dialogs) ? details.dialogs : [];
      const closed = details.state === 'CLOSE';
      if (closed && typeof result.convId === 'string') this.dialogs.delete(result.convId);
      for (const dialog of dialogs) {
        if (dialog && typeof dialog.dialogId === 'string' && (closed || dialog.state === 'CLOSE')) this.dialogs.delete(dialog.dialogId);
      }
    }
  }

  /** Dialogs currently remembered (followed or being queried). */
  get dialogCount(): number {
    return this.dialogs.size;
  }

  /** The requests that set up again what the bot had set up, in the order to send them. */
  takeReplays(): Replay[] {
    const replays: Replay[] = [];
    const state = this.singles.get('setAgentState');
    if (state !== undefined) replays.push({ name: 'setAgentState', body: state });
    for (const name of ['subscribeRoutingTasks', 'subscribeAgentsState'] as const) {
      if (this.singles.has(name)) replays.push({ name, body: this.singles.get(name) });
    }
    for (const [id, body] of this.exConversations) replays.push({ name: 'subscribeExConversations', body, replaces: id });
    for (const { body, lastSequence, followed } of this.dialogs.values()) {
      if (!followed) continue;
      const fromSeq = lastSequence === undefined ? body.fromSeq : lastSequence + 1;
      replays.push({ name: 'subscribeMessagingEvents', body: { ...body, fromSeq } });
    }
    return replays;
  }

  clear(): void {
    this.exConversations.clear();
    this.singles.clear();
    this.dialogs.clear();
  }

  private answered(body: any, ok: boolean): void {
    if (!isDialogQuery(body)) return;
    const dialog = this.dialogs.get(body.dialogId);
    if (!dialog) return;
    dialog.inFlight = Math.max(0, dialog.inFlight - 1);
    if (ok) dialog.followed = true;
    else if (!dialog.followed && dialog.inFlight === 0) this.dialogs.delete(body.dialogId);
  }
}

function isDialogQuery(body: any): body is { dialogId: string } {
  return body !== null && typeof body === 'object' && typeof body.dialogId === 'string';
}
