import type {
  AgentStateNotification,
  EventContext,
  ExConversationChangeNotification,
  MessagingEventNotification,
  NotificationFrame,
  ReconnectingEvent,
  RequestFrame,
  RoutingTaskNotification,
} from './types';

/** A wire type the SDK does not rewrite: notifications and responses keep their own (dotted) names. */
export type RawEventName = `.${string}`;

/** The first letter of a {@link CustomEventName}: a class name starts with a capital. */
export type UppercaseLetter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M' | 'N' | 'O' | 'P' | 'Q' | 'R' | 'S' | 'T' | 'U' | 'V' | 'W' | 'X' | 'Y' | 'Z';

/**
 * An event of a subclass's own, named `ClassName.Event` (`MyBot.Message`). Its listener must
 * declare its parameter types: `bot.on('MyBot.Message', (info: MessageInfo) => …)`.
 */
export type CustomEventName = `${UppercaseLetter}${string}.${string}`;

/**
 * Payloads of the events an Agent emits. A name that is neither here, nor a raw wire type
 * (`.ams.…`, `.GetClock$Response`), nor a subclass's `ClassName.Event` does not compile:
 * `'conected'` and `'ms.MessagingEventNotificaton'` are caught at build time.
 */
export interface AgentEventMap {
  /** The socket is open (also after every reconnect). */
  connected: (event: { connected: true; ts: number }) => void;
  /** The websocket close code (1006, 4401, …); also 1006 for a socket the agent replaced, before the new one's `connected`. Never after dispose. */
  closed: (code: number) => void;
  /**
   * Something failed: an {@link SDKError} (connect, login, refresh, socket, auto-reconnect), a
   * {@link TransformError} (a frame the SDK could not rewrite), or what a callback or listener of
   * yours threw. `context.location` names the step; socket errors come without context.
   */
  error: (err: Error, context?: EventContext) => void;
  /** A step of connect, reconnect or refresh succeeded (`location` names it). */
  success: (context: EventContext) => void;
  /** Something odd but harmless in a notification (e.g. an unknown channel type). */
  warn: (warning: { message: string }) => void;
  /** Every notification frame, after its typed event. */
  notification: (msg: NotificationFrame) => void;
  /** A request frame, just before it is sent. */
  'message:sent': (frame: RequestFrame) => void;
  /** Conversations matching a `subscribeExConversations` subscription changed. */
  'cqm.ExConversationChangeNotification': (body: ExConversationChangeNotification) => void;
  /** Rings for this agent (`subscribeRoutingTasks`). */
  'routing.RoutingTaskNotification': (body: RoutingTaskNotification) => void;
  /** Agent state changes (`subscribeAgentsState`). */
  'routing.AgentStateNotification': (body: AgentStateNotification) => void;
  /** Messaging events of a dialog this agent takes part in, or the answer of `subscribeMessagingEvents`. */
  'ms.MessagingEventNotification': (body: MessagingEventNotification) => void;
  /** The answer to `subscribeMessagingEvents` (whose events arrive as `ms.MessagingEventNotification`). */
  GenericSubscribeResponse: (body: undefined, reqId: string) => void;
  /** The legacy `.ams.routing.RingUpdated` notification, emptied as the JavaScript SDK did. */
  deprecated: () => void;
  /** Auto-reconnect: an attempt is scheduled. */
  reconnecting: (event: ReconnectingEvent) => void;
  /** Auto-reconnect: the socket is open again after `attempts` attempts. */
  reconnected: (event: { attempts: number }) => void;
  /** A raw notification `(body)` or response `(body, reqId)` under its wire type. */
  [raw: RawEventName]: (body: unknown, reqId?: string) => void;
  /** A subclass's own event: the payload is whatever the subclass emits, so the listener types it. */
  [custom: CustomEventName]: (...args: never[]) => void;
}

/** The names of the typed events, and the patterns of raw wire types and subclasses' events. */
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
