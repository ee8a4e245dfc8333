import { WebSocket } from 'ws';
import type { AgentUser } from './model';
import type { Session } from './sessions';

/** Filters of SubscribeExConversations that the emulator honours. */
export interface ExConvFilter {
  convState?: string[];
  stage?: string[];
  /** Legacy agent ids: only conversations where one of them is an ACTIVE participant. */
  agentIds?: string[];
  consumerId?: string;
  minLastUpdatedTime?: number;
  maxLastUpdatedTime?: number;
}

export interface ExConvSubscription {
  id: string;
  filter: ExConvFilter;
  /** Conversations the subscriber currently holds: leaving this set is what produces a DELETE. */
  seen: Set<string>;
}

export interface RoutingSubscription {
  id: string;
  skillId?: string;
  conversationId?: string;
}

interface AgentStateSubscription {
  id: string;
  /** Legacy id of the watched agent; undefined watches the whole account. */
  agentId?: string;
}

let nextConnectionId = 1;

/** One UMS websocket and the subscriptions made on it (they die with the socket). */
export class Connection {
  readonly id = nextConnectionId++;
  readonly exConv = new Map<string, ExConvSubscription>();
  readonly routing = new Map<string, RoutingSubscription>();
  readonly agentState = new Map<string, AgentStateSubscription>();

  constructor(
    readonly ws: WebSocket,
    readonly session: Session,
    /** The `v` query parameter; SUGGESTED participants are shown to 2.1+ only. */
    readonly apiVersion: number,
  ) {}

  get agent(): AgentUser {
    return this.session.agent;
  }

  get accountId(): string {
    return this.session.agent.accountId;
  }

  get isOpen(): boolean {
    return this.ws.readyState === WebSocket.OPEN;
  }

  /**
   * Sends a frame as JSON text; false when it was not sent (socket closed, or a frame JSON
   * cannot encode, e.g. one nested too deep: the caller decides what to answer instead).
   */
  send(frame: object): boolean {
    if (!this.isOpen) return false;
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch {
      return false;
    }
    this.ws.send(text);
    return true;
  }
}
