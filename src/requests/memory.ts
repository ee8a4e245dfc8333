import type { RequestName } from './table';

const TRACKED = new Set<RequestName>([
  'subscribeExConversations',
  'unsubscribeExConversations',
  'subscribeRoutingTasks',
  'subscribeAgentsState',
  'setAgentState',
  'subscribeMessagingEvents',
]);

interface Replay {
  name: RequestName;
  body: any;
}

/**
 * What the bot set up on the socket, so auto-reconnect can set it up again: ExConversations
 * subscriptions, routing and agent-state subscriptions, the last agent state, and the dialogs
 * queried with subscribeMessagingEvents with the last sequence seen in each.
 */
export class SessionMemory {
  private readonly exConversations = new Map<string, any>();
  private readonly singles = new Map<RequestName, any>();
  private readonly dialogs = new Map<string, { body: any; lastSequence: number | undefined }>();

  /** Whether a request's outcome matters for restoring; other requests are not tracked at all. */
  static tracks(name: RequestName): boolean {
    return TRACKED.has(name);
  }

  /** Called when a request succeeded. */
  record(name: RequestName, body: any, response: any): void {
    switch (name) {
      case 'subscribeExConversations':
        if (response && response.subscriptionId) this.exConversations.set(response.subscriptionId, body);
        break;
      case 'unsubscribeExConversations':
        if (body && body.subscriptionId) this.exConversations.delete(body.subscriptionId);
        break;
      case 'subscribeRoutingTasks':
      case 'subscribeAgentsState':
      case 'setAgentState':
        this.singles.set(name, body);
        break;
      case 'subscribeMessagingEvents':
        if (body && typeof body.dialogId === 'string' && !this.dialogs.has(body.dialogId)) {
          this.dialogs.set(body.dialogId, { body, lastSequence: undefined });
        }
        break;
    }
  }

  /** Notes the sequence of each messaging event of a followed dialog. */
  sawEvents(dialogId: string, changes: Array<{ sequence?: unknown }>): void {
    const dialog = this.dialogs.get(dialogId);
    if (!dialog) return;
    for (const change of changes) {
      if (typeof change.sequence === 'number' && (dialog.lastSequence === undefined || change.sequence > dialog.lastSequence)) {
        dialog.lastSequence = change.sequence;
      }
    }
  }

  /** Forgets the ExConversations subscriptions before they are made again under new ids. */
  takeReplays(): Replay[] {
    const replays: Replay[] = [];
    const state = this.singles.get('setAgentState');
    if (state !== undefined) replays.push({ name: 'setAgentState', body: state });
    for (const name of ['subscribeRoutingTasks', 'subscribeAgentsState'] as const) {
      if (this.singles.has(name)) replays.push({ name, body: this.singles.get(name) });
    }
    for (const body of this.exConversations.values()) replays.push({ name: 'subscribeExConversations', body });
    this.exConversations.clear();
    for (const { body, lastSequence } of this.dialogs.values()) {
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
}
