import type { Identity } from '../identity';
import type { RequestTypes } from '../types';

/** What an outgoing rewrite may change: the frame's type and body. */
interface OutgoingFrame {
  type: string;
  body: any;
}

/** Rewrites return a new body; the caller's object is never touched. */
type Rewrite = (frame: OutgoingFrame, me: Identity) => OutgoingFrame;

export interface RequestSpec {
  readonly type: string;
  /** Its place in {@link REQUEST_NAMES}: where the agent's statistics keep its counters. */
  readonly index: number;
  readonly rewrite?: Rewrite;
  /** Body fields the service requires (`name` or `name:array`/`name:object`); checked by the promise API. */
  readonly required?: readonly string[];
}

const asObject = (body: unknown): Record<string, any> =>
  body !== null && typeof body === 'object' ? { ...(body as Record<string, any>) } : {};

const extend = (extra: (me: Identity) => Record<string, unknown>): Rewrite =>
  ({ type, body }, me) => ({ type, body: Object.assign(asObject(body), extra(me)) });

/**
 * The sixteen UMS requests. The key is the method name (last dot segment, first letter
 * lowercased); `rewrite` reproduces the original SDK's outgoing transforms byte for byte.
 */
const SPECS = {
  getClock: { type: '.GetClock' },
  agentRequestConversation: {
    type: '.ams.cm.AgentRequestConversation',
    required: ['consumerId'],
    rewrite: extend(() => ({ channelType: 'MESSAGING' })),
  },
  subscribeExConversations: {
    type: '.ams.aam.SubscribeExConversations',
    rewrite: ({ type, body }, me) => {
      const copy = asObject(body);
      copy.agentIds = Array.isArray(copy.agentIds)
        ? copy.agentIds.map((id: unknown) => (id === me.agentId ? me.oldAgentId : id))
        : undefined;
      return { type, body: copy };
    },
  },
  unsubscribeExConversations: { type: '.ams.aam.UnsubscribeExConversations', required: ['subscriptionId'] },
  updateConversationField: {
    type: '.ams.cm.UpdateConversationField',
    required: ['conversationId', 'conversationField:array'],
    rewrite: ({ type, body }, me) => {
      const copy = asObject(body);
      if (Array.isArray(copy.conversationField)) {
        copy.conversationField = copy.conversationField.map((field: any) =>
          field && field.field === 'ParticipantsChange' && !field.userId ? { ...field, userId: me.oldAgentId } : field,
        );
      }
      return { type, body: copy };
    },
  },
  publishEvent: { type: '.ams.ms.PublishEvent', required: ['dialogId', 'event:object'] },
  updateRingState: { type: '.ams.routing.UpdateRingState', required: ['ringId', 'ringState'] },
  subscribeRoutingTasks: {
    type: '.ams.routing.SubscribeRoutingTasks',
    rewrite: extend((me) => ({ channelType: 'MESSAGING', agentId: me.oldAgentId, brandId: me.accountId })),
  },
  updateRoutingTaskSubscription: { type: '.ams.routing.UpdateRoutingTaskSubscription', required: ['subscriptionId'] },
  getUserProfile: { type: '.ams.userprofile.GetUserProfile' },
  setAgentState: {
    type: '.ams.routing.SetAgentState',
    required: ['availability'],
    rewrite: extend((me) => ({ channels: ['MESSAGING'], agentUserId: me.oldAgentId })),
  },
  subscribeAgentsState: {
    type: '.ams.routing.SubscribeAgentsState',
    rewrite: extend((me) => ({ brandId: me.accountId, agentId: me.oldAgentId })),
  },
  subscribeMessagingEvents: {
    type: 'ms.SubscribeMessagingEvents',
    required: ['dialogId'],
    rewrite: ({ body }) => {
      const copy = asObject(body);
      copy.newerThanSequence = copy.fromSeq || 0;
      return { type: '.ams.ms.QueryMessages', body: copy };
    },
  },
  generateURLForDownloadFile: { type: '.ams.ms.GenerateURLForDownloadFile', required: ['relativePath'] },
  generateURLForUploadFile: { type: '.ams.ms.GenerateURLForUploadFile', required: ['fileSize', 'fileType'] },
  generateDownloadToken: { type: '.ams.ms.token.GenerateDownloadToken' },
} as const satisfies Record<keyof RequestTypes, Omit<RequestSpec, 'index'>>;

/** The method name of one of the sixteen requests. */
export type RequestName = keyof RequestTypes;

export const REQUEST_NAMES = Object.keys(SPECS) as RequestName[];

/** The sixteen requests by method name, each with its `index`. */
export const REQUESTS = Object.fromEntries(REQUEST_NAMES.map((name, index) => [name, { ...SPECS[name], index }])) as {
  readonly [N in RequestName]: (typeof SPECS)[N] & { readonly index: number };
};

/** The original's naming rule: `.ams.ms.PublishEvent` → `publishEvent`. */
export function methodNameOf(type: string): string {
  const last = type.slice(type.lastIndexOf('.') + 1);
  return last.charAt(0).toLowerCase() + last.slice(1);
}
