import type { Identity } from '../identity';
import { exConversationChange } from './conversations';
import type { Warn } from './conversations';
import { onlineEventDistribution, queryMessagesResponse } from './messaging';
import { userProfile } from './profile';
import { agentState, ringUpdated, routingTask } from './routing';

/** The result of rewriting one incoming frame: the frame, and a notification to emit first. */
export interface Rewritten {
  msg: any;
  notification?: any;
}

/** Rewrites one incoming frame of its raw type. */
export type IncomingRewrite = (msg: any, me: Identity, warn: Warn) => Rewritten;

const plain = (fn: (msg: any, me: Identity, warn: Warn) => any): IncomingRewrite =>
  (msg, me, warn) => ({ msg: fn(msg, me, warn) });

/** Incoming rewrites keyed by the raw type the service sends. They may throw: the caller wraps. */
export const INCOMING: Readonly<Record<string, IncomingRewrite>> = {
  '.ams.aam.ExConversationChangeNotification': plain(exConversationChange),
  '.ams.routing.RoutingTaskNotification': plain(routingTask),
  '.ams.routing.AgentStateNotification': plain(agentState),
  '.ams.routing.RingUpdated': plain(ringUpdated),
  '.ams.ms.OnlineEventDistribution': plain(onlineEventDistribution),
  '.ams.ms.QueryMessages$Response': queryMessagesResponse,
  '.ams.userprofile.GetUserProfile$Response': plain(userProfile),
};

export type { Warn };
