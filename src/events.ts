import type {
  AgentStateNotification,
  EventContext,
  ExConversationChangeNotification,
  MessagingEventNotification,
  ReconnectingEvent,
  RoutingTaskNotification,
} from './types';

/** Payloads of the events an Agent emits. Raw notification types pass through under their own names. */
export interface AgentEventMap {
  /** The socket is open (also after every reconnect). */
  connected: (event: { connected: true; ts: number }) => void;
  /** The websocket close code (1006, 4401, …); also 1006 for a socket the agent replaced, before the new one's `connected`. Never after dispose. */
  closed: (code: number) => void;
  /** A failure: an SDKError (with where it happened), a TransformError, or what a callback threw. */
  error: (err: any, context?: EventContext) => void;
  /** A step of connect, reconnect or refresh succeeded (`location` names it). */
  success: (context: EventContext) => void;
  /** Something odd but harmless in a notification (e.g. an unknown channel type). */
  warn: (warning: { message: string }) => void;
  /** Every notification frame, after its typed event. */
  notification: (msg: { kind: 'notification'; type: string; body: any }) => void;
  /** A request frame, just before it is sent. */
  'message:sent': (frame: { kind: 'req'; id: string; type: string; body: unknown; headers?: unknown; metadata?: unknown; encodedMetadata?: unknown }) => void;
  /** Conversations matching a `subscribeExConversations` subscription changed. */
  'cqm.ExConversationChangeNotification': (body: ExConversationChangeNotification) => void;
  /** Rings for this agent (`subscribeRoutingTasks`). */
  'routing.RoutingTaskNotification': (body: RoutingTaskNotification) => void;
  /** Agent state changes (`subscribeAgentsState`). */
  'routing.AgentStateNotification': (body: AgentStateNotification) => void;
  /** Messaging events of a dialog this agent takes part in, or the answer of `subscribeMessagingEvents`. */
  'ms.MessagingEventNotification': (body: MessagingEventNotification) => void;
  /** Auto-reconnect: an attempt is scheduled. */
  reconnecting: (event: ReconnectingEvent) => void;
  /** Auto-reconnect: the socket is open again after `attempts` attempts. */
  reconnected: (event: { attempts: number }) => void;
}

/** The names of the typed events. */
export type AgentEventName = keyof AgentEventMap;

/**
 * The events the SDK itself emits. A frame whose type is one of these goes to `notification`
 * only (a notification) or to its callback only (a response), never under that name.
 */
export const SDK_EVENT_NAMES: ReadonlySet<string> = new Set<string>([
  'connected',
  'closed',
  'error',
  'success',
  'warn',
  'notification',
  'message:sent',
  'reconnecting',
  'reconnected',
] satisfies AgentEventName[]);
