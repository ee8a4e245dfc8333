import type { Conversation } from './conversation';
import type { Ring } from './ring';
import type {
  AgentTransfer,
  BackToQueue,
  CloseInfo,
  DeskErrorContext,
  DeskMessage,
  DialogChange,
  ParticipantChange,
  SkillTransfer,
} from './types';

// Apart from types.ts, which the conversation and ring modules import: the event map names them.
/** The events of a {@link ConversationDesk}; conversation events name the conversation first. */
export interface DeskEventMap {
  /** The desk's subscriptions are answered (after every connection). */
  ready: (info: { reconnect: boolean }) => void;
  /** A conversation is offered to this agent. */
  ring: (ring: Ring) => void;
  /** A conversation entered the desk's view, with its consumer's profile. Emitted before any other event of it. */
  conversation: (conversation: Conversation) => void;
  /** A content event not reported before (across reconnects and history queries). */
  message: (conversation: Conversation, message: DeskMessage) => void;
  /** Someone joined (a manager, an assigned agent, this agent). */
  'participant-added': (conversation: Conversation, participant: ParticipantChange) => void;
  /** Someone left; for this agent in scope `'mine'` the conversation then leaves the desk's view. */
  'participant-removed': (conversation: Conversation, participant: ParticipantChange) => void;
  /** The conversation moved to another skill. */
  'transfer-skill': (conversation: Conversation, transfer: SkillTransfer) => void;
  /** An agent was suggested as the next assigned agent (transfer to agent). */
  'transfer-agent': (conversation: Conversation, transfer: AgentTransfer) => void;
  /** The assigned agent left with no transfer: routing offers the conversation to its skill again. */
  'back-to-queue': (conversation: Conversation, info: BackToQueue) => void;
  /** A dialog opened (e.g. POST_SURVEY) or closed while the conversation goes on. */
  dialog: (conversation: Conversation, change: DialogChange) => void;
  /** The conversation closed; the desk forgets it afterwards. */
  close: (conversation: Conversation, info: CloseInfo) => void;
  /** A request the desk made on its own failed. */
  error: (err: Error, context: DeskErrorContext) => void;
}
