import type { EventRecord, RingState } from './model';

/** Payload of `agentMessage`, `consumerMessage` and `event`. */
export interface MessageInfo {
  conversationId: string;
  dialogId: string;
  /** Who published it. */
  from: 'agent' | 'consumer';
  /** Username of the publishing agent (agent events only). */
  agent?: string;
  consumerId: string;
  /** `event.message` of a text/plain ContentEvent. */
  text?: string;
  /** The raw record as distributed (OnlineEventDistribution body). */
  record: EventRecord;
}

/** Payload of the conversation events. */
export interface ConversationInfo {
  conversationId: string;
  consumerId: string;
  skillId: string;
  /** `closeReason` once the conversation is closed. */
  closeReason?: string;
}

/** Payload of `ring`: a ring was created or changed state. */
export interface RingInfo {
  ringId: string;
  ringState: RingState;
  conversationId: string;
  agent: string;
}

/** Payload of `request`: a request frame arrived on a socket. */
export interface RequestInfo {
  /** The request frame exactly as received. */
  frame: Record<string, unknown>;
  agent: string;
  connectionId: number;
}

/** Payload of `connection` and `disconnection` (a UMS websocket). */
export interface ConnectionInfo {
  connectionId: number;
  agent: string;
  /** Close code, on `disconnection` only. */
  code?: number;
}

/** Events of the Emulator object (an EventEmitter); all are informational. */
export interface EmulatorEvents {
  /** Content/rich-content published by an agent. */
  agentMessage: [MessageInfo];
  /** Content/rich-content published by a consumer. */
  consumerMessage: [MessageInfo];
  /** Every published event, including receipts and typing. */
  event: [MessageInfo];
  /** A conversation was opened (by a consumer or `agentRequestConversation`). */
  conversationOpened: [ConversationInfo];
  /** An agent became the conversation's assigned agent. */
  conversationAssigned: [ConversationInfo & { agent: string }];
  /** The conversation closed (its last dialog closed). */
  conversationClosed: [ConversationInfo];
  /** A ring was created or changed state. */
  ring: [RingInfo];
  /** A request frame arrived (before it is handled). */
  request: [RequestInfo];
  /** A UMS websocket opened. */
  connection: [ConnectionInfo];
  /** A UMS websocket closed. */
  disconnection: [ConnectionInfo];
}
