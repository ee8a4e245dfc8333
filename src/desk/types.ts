import type { Availability, Metadata, MessagingEvent, ProfileSDE, Role } from '../types';

/** Options of a {@link ConversationDesk}. */
export interface DeskOptions {
  /**
   * Which conversations the desk follows: `'mine'` those this agent takes part in (an
   * ExConversations subscription filtered on its id), `'all'` every open conversation of the
   * account (a manager's view; joining them is up to the bot). Default `'mine'`.
   */
  scope?: 'mine' | 'all';
  /** Availability set on every connection; `null` leaves it as it is. Default `'ONLINE'`. */
  availability?: Availability | null;
  /**
   * Subscribe to routing tasks, so the desk emits `ring`. Default: true when `scope` is
   * `'mine'`, false for `'all'`.
   */
  routing?: boolean;
  /** Routing subscriptions limited to these skill ids (one subscription each). Default: every skill. */
  skills?: string[];
  /** Accept every ring as it arrives (the `ring` event is still emitted). Default false. */
  autoAccept?: boolean;
  /** Fetch the consumer's profile before `conversation` is emitted. Default true. */
  fetchProfile?: boolean;
  /** Timeout (ms) of the HTTP transfer of `uploadFile`/`downloadFile`. Default: the agent's `httpTimeout`, else 30000. */
  fileTimeout?: number;
}

/** One side of a conversation. `id` is the PID (the consumer id for consumers). */
export interface Participant {
  id: string;
  role: Role;
}

/** A dialog as the desk keeps it (MAIN, POST_SURVEY, …). */
export interface DeskDialog {
  dialogId: string;
  dialogType: 'MAIN' | 'POST_SURVEY' | (string & {});
  state: 'OPEN' | 'CLOSE';
  channelType?: string;
  creationTs?: number;
  endTs?: number;
  closedBy?: string;
  closedCause?: string;
  metaData?: Record<string, unknown>;
  /** ACTIVE and SUGGESTED participants of this dialog, as the service lists them. */
  participants: Array<{ id: string; role: Role; state: string }>;
}

/** A quick-reply button: its title, and the text it publishes when it differs. */
export interface QuickReplyChoice {
  title: string;
  text?: string;
  tooltip?: string;
  /** Metadata the click sends along (e.g. an `ExternalId`). */
  metadata?: Metadata;
}

/** A content event (text, file, structured content) of a dialog, reported once. */
export interface DeskMessage {
  conversationId: string;
  dialogId: string;
  sequence: number;
  /** PID of the author (the consumer id for consumers). */
  originatorId: string;
  /** Role of the author in the conversation, when the service says. */
  role?: Role;
  /** True when this agent wrote it. */
  fromMe: boolean;
  /** Server time (ms). */
  timestamp?: number;
  /** The text of a `text/plain` message. */
  text?: string;
  /** The hosted file of a `hosted/file` message. */
  file?: { relativePath: string; fileType: string; caption?: string; preview?: string };
  /** Quick-reply buttons offered with the message. */
  quickReplies?: QuickReplyChoice[];
  /** The metadata the author's client sent with the message; `[]` when none. */
  metadata: Metadata;
  /** The event as published. */
  event: MessagingEvent;
}

/** The consumer of a conversation. */
export interface DeskConsumer {
  id: string;
  /** The profile as `getUserProfile` answers it (SDE list); empty when not fetched or failed. */
  profile: ProfileSDE[];
  firstName?: string;
  lastName?: string;
}

/** Payload of `participant-added` and `participant-removed`. */
export interface ParticipantChange extends Participant {
  /** True when the participant is this agent. */
  isMe: boolean;
}

/** Payload of `transfer-skill`. */
export interface SkillTransfer {
  fromSkillId: string;
  toSkillId: string;
}

/** Payload of `transfer-agent`. */
export interface AgentTransfer {
  /** The suggested agent, as the service lists it (`accountId.userId`). */
  agentId: string;
  /** PID of the assigned agent it replaces, if any. */
  fromAgentId?: string;
}

/** Payload of `back-to-queue`. */
export interface BackToQueue {
  /** PID of the assigned agent who left. */
  agentId: string;
  skillId: string;
}

/** Payload of `dialog`. */
export interface DialogChange {
  dialog: DeskDialog;
  change: 'opened' | 'closed';
}

/** Payload of `close`. */
export interface CloseInfo {
  /** `AGENT`, `CONSUMER`, `TIMEOUT`, `SYSTEM`, … as the service says. */
  closeReason?: string;
  endTs?: number;
  /**
   * True when the conversation was missing from the fresh subscription answer after a
   * reconnect: it closed (or left this desk's view) while the socket was down.
   */
  vanished: boolean;
}

/** Where a desk `error` comes from. */
export interface DeskErrorContext {
  location: 'Desk#SetUp' | 'Desk#Profile' | 'Desk#History' | 'Desk#Ring' | 'Desk#Listener' | (string & {});
  conversationId?: string;
}
