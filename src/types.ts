/* Payload types of the messaging API, as bots see them (after the SDK's rewrites). */

/** State of a dialog, or `state`/`stage` of a conversation. */
export type ConversationState = 'OPEN' | 'CLOSE';
/** An agent's availability: ONLINE is rung for new conversations, OCCUPIED only for transfers, AWAY never. */
export type Availability = 'ONLINE' | 'OCCUPIED' | 'AWAY' | 'BACK_SOON' | 'OFFLINE';
/** State of a ring of a routing task. */
export type RingState = 'WAITING' | 'ACCEPTED' | 'AUTO_ACCEPT' | 'CANCELLED' | 'EXPIRED' | 'REJECTED';
/** Kind of a notification change: UPSERT (new or changed) or DELETE (no longer matches). */
export type ChangeType = 'UPSERT' | 'DELETE';
/** A participant's role in a conversation. */
export type Role = 'CONSUMER' | 'ASSIGNED_AGENT' | 'MANAGER' | 'READER' | 'CONTROLLER' | 'AGENT' | (string & {});

/** Frame-level metadata (`ExternalId`, `Survey`, …) as passed to any request. */
export type Metadata = Array<{ type: string; [key: string]: unknown }>;

/** The answer of the subscribe requests. */
export interface SubscriptionResponse {
  subscriptionId: string;
}

/** A file shared with `hosted/file` (the path from `generateURLForUploadFile`). */
export interface FileMessage {
  caption?: string;
  relativePath: string;
  fileType: string;
  preview?: string;
}

/** What every content event has. */
export interface ContentEventBase {
  type: 'ContentEvent';
  quickReplies?: Record<string, unknown>;
}
/** Text: `message` is a string, so `contentType === 'text/plain'` narrows it. */
export interface TextContentEvent extends ContentEventBase {
  contentType: 'text/plain';
  message: string;
}
/** A hosted file: `message` is the file (from `generateURLForUploadFile`). */
export interface FileContentEvent extends ContentEventBase {
  contentType: 'hosted/file';
  message: FileMessage;
}
/** The other content types LivePerson documents (HTML, secure forms). */
export interface OtherContentEvent extends ContentEventBase {
  contentType: 'text/html' | 'forms/secure-invitation' | 'forms/secure-submission' | 'forms/secure-error';
  message: string | Record<string, unknown>;
}
/** A message: text (`text/plain`), a hosted file (`hosted/file`) or another documented type. */
export type ContentEvent = TextContentEvent | FileContentEvent | OtherContentEvent;
/** Structured content (cards, buttons, …). */
export interface RichContentEvent {
  type: 'RichContentEvent';
  content: Record<string, unknown>;
  quickReplies?: Record<string, unknown>;
}
/** A receipt (ACCEPT, READ, …) for the events of `sequenceList`. */
export interface AcceptStatusEvent {
  type: 'AcceptStatusEvent';
  status: 'ACCEPT' | 'READ' | 'ACCESS' | 'NACK' | 'ACTION' | (string & {});
  sequenceList: number[];
}
/** Typing and presence (COMPOSING, ACTIVE, …); carries no sequence. */
export interface ChatStateEvent {
  type: 'ChatStateEvent';
  chatState: 'ACTIVE' | 'INACTIVE' | 'GONE' | 'COMPOSING' | 'PAUSE' | 'BACKGROUND' | (string & {});
}
/** The `event` of `publishEvent` and of messaging notifications. */
export type MessagingEvent = ContentEvent | RichContentEvent | AcceptStatusEvent | ChatStateEvent;

/** One change of `updateConversationField`: the `field` names it, the other keys depend on it. */
export interface ConversationField {
  field: 'ParticipantsChange' | 'Skill' | 'ConversationStateField' | 'DialogChange' | 'CSATRate' | 'DelayField' | 'ManualETTR' | 'TTRField' | 'Note' | 'TopicField' | (string & {});
  [key: string]: unknown;
}

/** Request bodies and success bodies of the sixteen requests, keyed by method name. */
export interface RequestTypes {
  /** The server's clock (`.GetClock`); bots also send it as an application keep-alive. */
  getClock: { body: Record<string, never> | undefined; response: { currentTime: number } };
  /** Opens a proactive conversation with a known consumer; the answer holds its id. */
  agentRequestConversation: {
    body: { consumerId: string; channelType?: 'MESSAGING'; conversationContext?: Record<string, unknown>; [key: string]: unknown };
    response: { conversationId: string };
  };
  /** Subscribes to conversation changes (`cqm.ExConversationChangeNotification`), filtered by state, stage, agents, consumer and update time. */
  subscribeExConversations: {
    body: {
      convState?: ConversationState[];
      stage?: ConversationState[];
      /** Agent ids; `agent.agentId` is replaced by the legacy id on the wire (undefined before login). */
      agentIds?: Array<string | undefined>;
      minLastUpdatedTime?: number;
      maxLastUpdatedTime?: number;
      consumerId?: string;
      skillIds?: string[];
      [key: string]: unknown;
    };
    response: SubscriptionResponse;
  };
  /** Ends an ExConversations subscription. */
  unsubscribeExConversations: { body: { subscriptionId: string }; response: string };
  /** Changes a conversation: participants (join, leave, transfer), skill, state, dialogs. */
  updateConversationField: {
    body: { conversationId: string; dialogId?: string; conversationField: ConversationField[] };
    response: string;
  };
  /** Publishes a message, rich content, read receipt or typing state in a dialog; the answer holds its sequence. */
  publishEvent: {
    body: { dialogId: string; conversationId?: string; messageAudience?: 'AGENTS_AND_MANAGERS' | 'ALL' | (string & {}); event: MessagingEvent };
    response: { sequence: number };
  };
  /** Accepts or rejects a ring of a routing task. */
  updateRingState: { body: { ringId: string; ringState: 'ACCEPTED' | 'REJECTED' }; response: string };
  /** Subscribes to this agent's rings (`routing.RoutingTaskNotification`). */
  subscribeRoutingTasks: { body: { skillId?: string; conversationId?: string; [key: string]: unknown } | undefined; response: SubscriptionResponse };
  /** Changes the filters of a routing task subscription. */
  updateRoutingTaskSubscription: { body: { subscriptionId: string; skillId?: string; conversationId?: string; [key: string]: unknown }; response: SubscriptionResponse };
  /** A consumer's profile and SDEs; the body is the consumer id itself (a string), as in the original README. */
  getUserProfile: { body: string | { userId?: string }; response: ProfileSDE[] };
  /** Sets this agent's availability (ONLINE, OCCUPIED, AWAY, …). */
  setAgentState: { body: { availability: Availability; description?: string; [key: string]: unknown }; response: string };
  /** Subscribes to agent state changes (`routing.AgentStateNotification`). */
  subscribeAgentsState: { body: Record<string, unknown> | undefined; response: SubscriptionResponse };
  /** A dialog's events from `fromSeq` on. Not a subscription: a QueryMessages call whose events arrive as `ms.MessagingEventNotification`. */
  subscribeMessagingEvents: { body: { dialogId: string; fromSeq?: number; conversationId?: string; [key: string]: unknown }; response: undefined };
  /** A signed URL to download a hosted file. */
  generateURLForDownloadFile: { body: { relativePath: string }; response: GeneratedURL };
  /** A signed URL to upload a file for a hosted-file message. */
  generateURLForUploadFile: { body: { fileSize: number | string; fileType: string }; response: GeneratedURL };
  /** A download token for hosted files. Undocumented by LivePerson: the answer is passed on as the service sends it. */
  generateDownloadToken: { body: Record<string, unknown>; response: Record<string, unknown> };
}

/** A signed file URL: append `queryParams` to `https://{swift host}{relativePath}`. */
export interface GeneratedURL {
  relativePath: string;
  queryParams: { temp_url_sig: string; temp_url_expires: string };
}

/** One SDE of a consumer profile as `getUserProfile` answers it (`personal`, `ctmrinfo`, …). */
export type ProfileSDE = { type: string; [key: string]: unknown };

/** One messaging event as bots receive it (`originatorId` is the PID). */
export interface MessagingEventChange {
  sequence?: number;
  dialogId: string;
  conversationId?: string;
  originatorId: string;
  originatorClientProperties?: Record<string, unknown>;
  originatorMetadata?: { id: string; role: Role; clientProperties?: Record<string, unknown> };
  serverTimestamp?: number;
  metadata?: Metadata | null;
  event: MessagingEvent;
  __isMe: boolean;
  /** @deprecated compare `originatorMetadata.id` with `agent.agentId`. */
  isMe(): boolean;
}

/** Payload of `ms.MessagingEventNotification`: events of one dialog. */
export interface MessagingEventNotification {
  dialogId: string;
  changes: MessagingEventChange[];
}

/** A dialog of a conversation (MAIN, or POST_SURVEY for a survey after the conversation). */
export interface Dialog {
  dialogId: string;
  dialogType: 'MAIN' | 'POST_SURVEY' | (string & {});
  channelType?: string;
  state: ConversationState;
  creationTs?: number;
  endTs?: number;
  closedBy?: string;
  closedCause?: string;
  participantsDetails?: Array<{ id: string; role: Role; state: 'ACTIVE' | 'SUGGESTED' }>;
  [key: string]: unknown;
}

/** A conversation as `cqm.ExConversationChangeNotification` describes it (`participants` carry PIDs). */
export interface ConversationDetails {
  skillId: string;
  brandId: string;
  participants: Array<{ id: string; role: Role }>;
  dialogs: Dialog[];
  state: ConversationState;
  stage?: ConversationState;
  startTs: number;
  endTs?: number;
  closeReason?: string;
  metaDataLastUpdateTs: number;
  ttr?: { ttrType: string; value: number };
  context?: Record<string, unknown>;
  __myRole?: Role;
  /** @deprecated find `agent.agentId` in `participants`. */
  getMyRole(): Role | undefined;
  [key: string]: unknown;
}

/** Payload of `cqm.ExConversationChangeNotification`. */
export interface ExConversationChangeNotification {
  subscriptionId: string;
  changes: Array<{
    type: ChangeType;
    result: {
      convId: string;
      effectiveTTR?: number;
      conversationDetails: ConversationDetails;
      /** The conversation's latest content event, as the service sends it (legacy `originatorId`); may be missing. */
      lastContentEventNotification?: LastContentEvent;
      [key: string]: unknown;
    };
  }>;
}

/** A conversation's latest content event, as the service sends it in `lastContentEventNotification`. */
export interface LastContentEvent {
  sequence: number;
  dialogId: string;
  /** The sender's legacy id (`account.userId`) for agents, the consumer id for consumers. */
  originatorId: string;
  originatorPId?: string;
  originatorMetadata?: { id: string; role: Role; clientProperties?: Record<string, unknown> };
  serverTimestamp?: number;
  event: MessagingEvent;
  [key: string]: unknown;
}

/** Payload of `routing.RoutingTaskNotification`: this agent's rings. */
export interface RoutingTaskNotification {
  subscriptionId: string;
  changes: Array<{
    type: ChangeType;
    result: {
      taskCompleted?: boolean;
      conversationId: string;
      consumerId: string;
      skillId: string;
      ringsDetails: Array<{ ringId: string; ringState: RingState; ringExpiration?: number; ringExpirationTs?: number; weight?: number }>;
      [key: string]: unknown;
    };
  }>;
}

/** Payload of `routing.AgentStateNotification`. */
export interface AgentStateNotification {
  subscriptionId: string;
  changes: Array<{ type: ChangeType; result: { channels: string[]; availability: Availability; description?: string } }>;
}

/** Where a `success` or `error` event comes from. */
export interface EventContext {
  location:
    | 'Connect#CSDS'
    | 'Connect#Login'
    | 'Connect#WS'
    | 'Reconnect#CSDS'
    | 'Reconnect#WS'
    | 'Reconnect#Relogin#WS'
    | 'RefreshSession#Precheck'
    | 'RefreshSession#CSDS'
    | 'RefreshSession#REST'
    | 'RefreshSession#Relogin#WS'
    | 'AutoReconnect'
    | 'Callback'
    | 'Listener'
    | (string & {});
}

/** Payload of `reconnecting`: the attempt about to be made, its delay (ms), why, and whether it logs in again. */
export interface ReconnectingEvent {
  attempt: number;
  /** ms until the attempt. */
  delay: number;
  /** The close code or the error that caused it. */
  reason: { code?: number; error?: Error };
  /** True when a new token will be generated (auth close codes, 401). */
  regenerateToken: boolean;
}

/** A notification frame as the `notification` event gives it, after the rewrites. */
export interface NotificationFrame {
  kind: 'notification';
  type: string;
  body: unknown;
}

/** A request frame as sent (the `message:sent` event). */
export interface RequestFrame {
  kind: 'req';
  id: string;
  type: string;
  body: unknown;
  headers?: unknown;
  metadata?: unknown;
  encodedMetadata?: unknown;
}

/** The whole response frame a callback gets as its error when the service answered 400 or more. */
export interface ErrorResponse {
  kind: 'resp';
  reqId: string;
  code: number;
  type: string;
  body: unknown;
}
