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

export interface ConversationInfo {
  conversationId: string;
  consumerId: string;
  skillId: string;
  /** `closeReason` once the conversation is closed. */
  closeReason?: string;
}

export interface RingInfo {
  ringId: string;
  ringState: RingState;
  conversationId: string;
  agent: string;
}

export interface RequestInfo {
  /** The request frame exactly as received. */
  frame: Record<string, unknown>;
  agent: string;
  connectionId: number;
}

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
  conversationOpened: [ConversationInfo];
  conversationAssigned: [ConversationInfo & { agent: string }];
  conversationClosed: [ConversationInfo];
  ring: [RingInfo];
  request: [RequestInfo];
  connection: [ConnectionInfo];
  disconnection: [ConnectionInfo];
}
