import type { EventEmitter } from 'events';
import type { Hub } from './hub';
import { shortDialogId, uuid } from './ids';
import type { AgentUser, Consumer, Conversation, Dialog, EventRecord, Party, Participant, Role, StoredEvent } from './model';
import { dialogMembers, mainDialog } from './notifications';
import type { Outbox } from './outbox';
import type { State } from './state';

const CLIENT_PROPERTIES = { type: '.ClientProperties', ipAddress: '127.0.0.1' };
/** These events take the next per-dialog sequence; ChatStateEvent does not. */
const SEQUENCED = new Set(['ContentEvent', 'RichContentEvent', 'AcceptStatusEvent']);
const CONTENT = new Set(['ContentEvent', 'RichContentEvent']);

const agentParty = (agent: AgentUser): Party => ({ id: agent.oldAgentId, pid: agent.userPid, agent });
export const consumerParty = (consumer: Consumer): Party => ({ id: consumer.id, pid: consumer.id });

function newDialog(dialogId: string, dialogType: Dialog['dialogType'], now: number): Dialog {
  return { dialogId, dialogType, state: 'OPEN', creationTs: now, metaDataLastUpdateTs: now, nextSequence: 0, events: [] };
}

/** What conversations change, tell, and hand to routing. */
interface ConversationsDeps {
  state: Pick<State, 'account' | 'addConversation' | 'addDialog'>;
  outbox: Pick<Outbox, 'deliver'>;
  /** The public Emulator: EmulatorEvents are emitted on it. */
  events: Pick<EventEmitter, 'emit'>;
  hub: Pick<Hub, 'conversationChanged' | 'eventPublished'>;
  /** Rings agents for an unassigned conversation, and stops when it closes. */
  routing: {
    route(conv: Conversation, options: { transfer: boolean }): void;
    cancel(conv: Conversation): void;
  };
}

/**
 * Conversation state transitions. They mutate and never notify: the caller applies a whole request,
 * then calls `changed` once, so subscribers see one UPSERT per request.
 */
export class Conversations {
  constructor(private readonly deps: ConversationsDeps) {}

  open(consumer: Consumer, options: { skillId: string; context?: Record<string, unknown>; agent?: AgentUser }): Conversation {
    const now = Date.now();
    const convId = uuid();
    const conv: Conversation = {
      convId,
      accountId: consumer.accountId,
      skillId: options.skillId,
      consumer,
      stage: 'OPEN',
      startTs: now,
      metaDataLastUpdateTs: now,
      participants: [{ party: consumerParty(consumer), role: 'CONSUMER' }],
      suggested: [],
      // The MAIN dialog carries the conversation's id.
      dialogs: [newDialog(convId, 'MAIN', now)],
      ttr: { ttrType: 'NORMAL', value: 3600 },
      context: options.context ?? { type: 'SharkContext', lang: 'en-US', clientProperties: CLIENT_PROPERTIES },
      extras: {},
    };
    this.deps.state.addConversation(conv);
    const agent = options.agent;
    if (agent) this.addParticipant(conv, agent, 'ASSIGNED_AGENT');
    // Subscribers (and the consumer simulator) learn of it before the 'conversationOpened' listeners run.
    this.changed(conv);
    const opened = this.info(conv);
    this.deps.outbox.deliver(() => this.deps.events.emit('conversationOpened', opened));
    if (agent) this.announceAssigned(conv, agent);
    else this.deps.routing.route(conv, { transfer: false });
    return conv;
  }

  openConversationOf(consumer: Consumer): Conversation | undefined {
    const account = this.deps.state.account(consumer.accountId);
    return [...(account?.conversations.values() ?? [])].find((c) => c.consumer === consumer && c.stage === 'OPEN');
  }

  info(conv: Conversation) {
    return {
      conversationId: conv.convId,
      consumerId: conv.consumer.id,
      skillId: conv.skillId,
      ...(conv.closeReason && { closeReason: conv.closeReason }),
    };
  }

  /** Bumps the update time and tells the subscribers. */
  changed(conv: Conversation): void {
    conv.metaDataLastUpdateTs = Math.max(Date.now(), conv.metaDataLastUpdateTs + 1);
    this.deps.hub.conversationChanged(conv);
  }

  participantOf(conv: Conversation, agent: AgentUser, dialog?: Dialog): Participant | undefined {
    const members = dialog ? dialogMembers(conv, dialog) : conv.participants;
    return members.find((p) => p.party.agent === agent);
  }

  /** May close, transfer or read the conversation: a participant, or an agent manager of its account. */
  mayAct(conv: Conversation, agent: AgentUser): boolean {
    return (agent.role === 'manager' && agent.accountId === conv.accountId) || !!this.participantOf(conv, agent);
  }

  assignedAgent(conv: Conversation): AgentUser | undefined {
    return conv.participants.find((p) => p.role === 'ASSIGNED_AGENT')?.party.agent;
  }

  addParticipant(conv: Conversation, agent: AgentUser, role: Role, dialogId?: string): void {
    const dialog = dialogId === undefined || dialogId === conv.convId ? undefined : dialogId;
    const exists = conv.participants.some((p) => p.party.agent === agent && p.role === role && p.dialogId === dialog);
    if (!exists) conv.participants.push({ party: agentParty(agent), role, ...(dialog && { dialogId: dialog }) });
  }

  removeParticipant(conv: Conversation, agent: AgentUser, role: Role): void {
    conv.participants = conv.participants.filter((p) => !(p.party.agent === agent && p.role === role));
  }

  /** Makes the agent the ACTIVE assigned agent, replacing its suggestion if any. */
  assign(conv: Conversation, agent: AgentUser): void {
    conv.suggested = conv.suggested.filter((s) => s.agent !== agent);
    this.addParticipant(conv, agent, 'ASSIGNED_AGENT');
    this.announceAssigned(conv, agent);
  }

  private announceAssigned(conv: Conversation, agent: AgentUser): void {
    const info = { ...this.info(conv), agent: agent.username };
    this.deps.outbox.deliver(() => this.deps.events.emit('conversationAssigned', info));
  }

  suggest(conv: Conversation, agent: AgentUser): void {
    if (!conv.suggested.some((s) => s.agent === agent)) conv.suggested.push(agentParty(agent));
  }

  unsuggest(conv: Conversation, agent: AgentUser): void {
    conv.suggested = conv.suggested.filter((s) => s.agent !== agent);
  }

  /**
   * Closes one dialog. Closing MAIN on a skill with a post-conversation survey opens a POST_SURVEY
   * dialog (conversation `state` CLOSE, `stage` still OPEN); closing the last open dialog closes
   * the conversation.
   */
  closeDialog(conv: Conversation, dialog: Dialog, closedBy: string, closedCause?: string): void {
    if (dialog.state === 'CLOSE') return;
    const now = Date.now();
    Object.assign(dialog, { state: 'CLOSE', endTs: now, metaDataLastUpdateTs: now, closedBy });
    dialog.closedCause = closedCause ?? `Closed by ${closedBy.toLowerCase()}`;
    const skill = this.deps.state.account(conv.accountId)?.skills.get(conv.skillId);
    const hadSurvey = conv.dialogs.some((d) => d.dialogType === 'POST_SURVEY');
    if (dialog.dialogType === 'MAIN' && skill?.postSurvey && !hadSurvey) {
      const survey = newDialog(shortDialogId(), 'POST_SURVEY', now);
      survey.metaData = { appInstallId: skill.appInstallId ?? uuid() };
      this.deps.state.addDialog(conv, survey);
    }
    if (!conv.dialogs.some((d) => d.state === 'OPEN')) this.finish(conv, closedBy);
  }

  /** Closes every dialog and the conversation; never opens a survey. */
  closeConversation(conv: Conversation, closedBy: string): void {
    const now = Date.now();
    for (const dialog of conv.dialogs.filter((d) => d.state === 'OPEN')) {
      Object.assign(dialog, { state: 'CLOSE', endTs: now, metaDataLastUpdateTs: now, closedBy });
      dialog.closedCause = `Closed by ${closedBy.toLowerCase()}`;
    }
    this.finish(conv, closedBy);
  }

  private finish(conv: Conversation, closedBy: string): void {
    conv.stage = 'CLOSE';
    conv.endTs = Date.now();
    conv.closeReason = closedBy;
    this.deps.routing.cancel(conv);
    const closed = this.info(conv);
    this.deps.outbox.deliver(() => this.deps.events.emit('conversationClosed', closed));
  }

  /** Stores (when sequenced) and distributes an event; returns the record. */
  publish(
    conv: Conversation,
    dialog: Dialog,
    from: { party: Party; role: Role },
    event: EventRecord['event'],
    metadata: unknown,
    audience?: string,
  ): EventRecord {
    const sequenced = SEQUENCED.has(event.type);
    const record: EventRecord = {
      ...(sequenced && { sequence: dialog.nextSequence++ }),
      dialogId: dialog.dialogId,
      conversationId: conv.convId,
      originatorId: from.party.id,
      originatorPId: from.party.pid,
      originatorClientProperties: CLIENT_PROPERTIES,
      originatorMetadata: { id: from.party.pid, role: from.role, clientProperties: CLIENT_PROPERTIES },
      ...(sequenced && { serverTimestamp: Date.now() }),
      ...(Array.isArray(metadata) && { metadata }),
      event,
    };
    const stored: StoredEvent = { record, ...(audience && { audience }) };
    if (sequenced) dialog.events.push(stored);
    this.deps.hub.eventPublished(conv, dialog, stored);
    this.announce(conv, stored, from.party);
    if (CONTENT.has(event.type)) {
      conv.lastContent = record;
      this.changed(conv);
    }
    return record;
  }

  private announce(conv: Conversation, stored: StoredEvent, party: Party): void {
    const { record } = stored;
    const text =
      record.event.type === 'ContentEvent' && typeof record.event.message === 'string' ? record.event.message : undefined;
    const info = {
      conversationId: conv.convId,
      dialogId: record.dialogId,
      from: party.agent ? ('agent' as const) : ('consumer' as const),
      ...(party.agent && { agent: party.agent.username }),
      consumerId: conv.consumer.id,
      ...(text !== undefined && { text }),
      record,
    };
    const emit = this.deps.events.emit.bind(this.deps.events);
    this.deps.outbox.deliver(() => {
      emit('event', info);
      if (CONTENT.has(record.event.type)) emit(party.agent ? 'agentMessage' : 'consumerMessage', info);
    });
  }

  mainDialog(conv: Conversation): Dialog {
    return mainDialog(conv);
  }
}
