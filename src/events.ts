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
  connected: (event: { connected: true; ts: number }) => void;
  /** The websocket close code (1006, 4401, …). */
  closed: (code: number) => void;
  error: (err: any, context?: EventContext) => void;
  success: (context: EventContext) => void;
  warn: (warning: { message: string }) => void;
  notification: (msg: { kind: 'notification'; type: string; body: any }) => void;
  'message:sent': (frame: { kind: 'req'; id: string; type: string; body: unknown; headers?: unknown; metadata?: unknown; encodedMetadata?: unknown }) => void;
  'cqm.ExConversationChangeNotification': (body: ExConversationChangeNotification) => void;
  'routing.RoutingTaskNotification': (body: RoutingTaskNotification) => void;
  'routing.AgentStateNotification': (body: AgentStateNotification) => void;
  'ms.MessagingEventNotification': (body: MessagingEventNotification) => void;
  /** Auto-reconnect: an attempt is scheduled. */
  reconnecting: (event: ReconnectingEvent) => void;
  /** Auto-reconnect: the socket is open again after `attempts` attempts. */
  reconnected: (event: { attempts: number }) => void;
}

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
