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

type UppercaseLetter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'H' | 'I' | 'J' | 'K' | 'L' | 'M' | 'N' | 'O' | 'P' | 'Q' | 'R' | 'S' | 'T' | 'U' | 'V' | 'W' | 'X' | 'Y' | 'Z';

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
  connected: (event: { connected: true; ts: number }) => void;
  /** The websocket close code (1006, 4401, …). */
  closed: (code: number) => void;
  /**
   * Something failed: an {@link SDKError} (connect, login, refresh, socket, auto-reconnect), a
   * {@link TransformError} (a frame the SDK could not rewrite), or what a callback or listener of
   * yours threw. `context.location` names the step; socket errors come without context.
   */
  error: (err: Error, context?: EventContext) => void;
  success: (context: EventContext) => void;
  warn: (warning: { message: string }) => void;
  /** Every notification frame, after the rewrites. */
  notification: (msg: NotificationFrame) => void;
  'message:sent': (frame: RequestFrame) => void;
  'cqm.ExConversationChangeNotification': (body: ExConversationChangeNotification) => void;
  'routing.RoutingTaskNotification': (body: RoutingTaskNotification) => void;
  'routing.AgentStateNotification': (body: AgentStateNotification) => void;
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

export type AgentEventName = keyof AgentEventMap;
