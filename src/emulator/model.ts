/** Entities of the emulated service. Plain data: behaviour lives in the services around them. */

export type Availability = 'ONLINE' | 'OCCUPIED' | 'AWAY' | 'BACK_SOON' | 'OFFLINE';
export const AVAILABILITIES: readonly Availability[] = ['ONLINE', 'OCCUPIED', 'AWAY', 'BACK_SOON', 'OFFLINE'];

/** A participant's role. */
export type Role = 'CONSUMER' | 'ASSIGNED_AGENT' | 'MANAGER' | 'READER' | 'CONTROLLER' | 'AGENT';
/** Key order of the raw `participants`/`participantsPId` maps. */
export const ROLES: readonly Role[] = ['CONSUMER', 'ASSIGNED_AGENT', 'MANAGER', 'READER', 'CONTROLLER', 'AGENT'];

/** State of a dialog, or `state`/`stage` of a conversation. */
export type OpenClose = 'OPEN' | 'CLOSE';
/** State of a ring. */
export type RingState = 'WAITING' | 'ACCEPTED' | 'AUTO_ACCEPT' | 'CANCELLED' | 'EXPIRED' | 'REJECTED';

export interface AgentUser {
  accountId: string;
  username: string;
  password?: string;
  userId: string;
  userPid: string;
  /** `accountId.userId` (the SDK's `agent.__oldAgentId`): what UMS uses for agents in requests, `participants`, `originatorId`. */
  oldAgentId: string;
  skills: string[];
  appKey?: string;
  secret?: string;
  accessToken?: string;
  accessTokenSecret?: string;
  assertion?: string;
  availability: Availability;
  description: string;
  /** `'manager'` acts on any conversation of its account without joining it; `'agent'` only on its own. */
  role: 'agent' | 'manager';
}

export interface Skill {
  id: string;
  name: string;
  /** Closing the MAIN dialog on this skill opens a POST_SURVEY dialog. */
  postSurvey: boolean;
  /** The survey bot app installation the POST_SURVEY dialogs of this skill are for. */
  appInstallId?: string;
}

/** Raw consumer profile, as GetUserProfile returns it before the SDK rewrites it into SDEs. */
export interface ConsumerProfile {
  firstName?: string;
  lastName?: string;
  avatarUrl?: string;
  description?: string;
  privateData?: { mobileNum?: string; email?: string; userId?: string };
  authenticatedData?: { lp_sdes: unknown[] };
  claims?: Record<string, unknown>;
  acr?: string;
}

export interface Consumer {
  accountId: string;
  id: string;
  profile: ConsumerProfile;
}

/** Anyone who can be a participant or an originator: same id twice for consumers. */
export interface Party {
  /** In `participants` lists and `originatorId`: the agent's `oldAgentId`, the consumer's id. */
  id: string;
  pid: string;
  agent?: AgentUser;
}

export interface Participant {
  party: Party;
  role: Role;
  /** Set for participants of one non-MAIN dialog only (e.g. a survey bot as AGENT). */
  dialogId?: string;
}

/** A raw event record: the body of OnlineEventDistribution and an element of QueryMessages. */
export interface EventRecord {
  sequence?: number;
  dialogId: string;
  conversationId: string;
  originatorId: string;
  originatorPId: string;
  originatorClientProperties: Record<string, unknown>;
  originatorMetadata: { id: string; role: Role; clientProperties: Record<string, unknown> };
  serverTimestamp?: number;
  metadata?: unknown[];
  event: Record<string, unknown> & { type: string };
}

export interface StoredEvent {
  record: EventRecord;
  /** `AGENTS_AND_MANAGERS` hides the event from the consumer. */
  audience?: string;
}

export interface Dialog {
  dialogId: string;
  dialogType: 'MAIN' | 'POST_SURVEY';
  state: OpenClose;
  creationTs: number;
  endTs?: number;
  metaDataLastUpdateTs: number;
  closedBy?: string;
  closedCause?: string;
  metaData?: Record<string, unknown>;
  nextSequence: number;
  events: StoredEvent[];
}

export interface Conversation {
  convId: string;
  accountId: string;
  skillId: string;
  consumer: Consumer;
  stage: OpenClose;
  closeReason?: string;
  startTs: number;
  endTs?: number;
  metaDataLastUpdateTs: number;
  participants: Participant[];
  /** Agents a transfer suggested as ASSIGNED_AGENT: MAIN dialog only, state SUGGESTED. */
  suggested: Party[];
  dialogs: Dialog[];
  ttr: { ttrType: string; value: number };
  context: Record<string, unknown>;
  extras: Record<string, unknown>;
  lastContent?: EventRecord;
}

export interface Ring {
  ringId: string;
  agent: AgentUser;
  state: RingState;
  createdTs: number;
  expirationTs: number;
  timer?: NodeJS.Timeout;
}

/** One routing round of a conversation: a new one starts on open, back-to-queue or transfer. */
export interface RoutingTask {
  routingTaskId: string;
  conv: Conversation;
  skillId: string;
  /** Transfers may ring OCCUPIED agents too. */
  transfer: boolean;
  /** A transfer to an agent rings only that agent. */
  target?: AgentUser;
  rings: Ring[];
  /** Agents already rung in this round: each is rung at most once. */
  tried: Set<string>;
  completed: boolean;
  assignedAgentId: string;
}
