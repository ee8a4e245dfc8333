import type { ExConvFilter } from '../connection';
import { uuid } from '../ids';
import { UmsError, badRequest, idField, intField, isObject, objectBody, ok, stringList, text } from './reply';
import type { Handler, Obj, RequestContext } from './reply';

const STATES = ['OPEN', 'CLOSE'];

function stateList(obj: Obj, field: string): string[] | undefined {
  const list = stringList(obj, field);
  if (list && !list.every((s) => STATES.includes(s))) throw badRequest(field);
  return list;
}

function parseFilter(ctx: RequestContext, obj: Obj): ExConvFilter {
  // Agents may be named by PID as well as by legacy id; the filter matches legacy ids.
  const agentIds = stringList(obj, 'agentIds')?.map((id) => ctx.core.state.agentById(ctx.account.id, id)?.oldAgentId ?? id);
  const filter: ExConvFilter = {
    convState: stateList(obj, 'convState'),
    stage: stateList(obj, 'stage'),
    agentIds,
    consumerId: idField(obj, 'consumerId', true),
    minLastUpdatedTime: intField(obj, 'minLastUpdatedTime'),
    maxLastUpdatedTime: intField(obj, 'maxLastUpdatedTime'),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
}

export const aamHandlers: Record<string, Handler> = {
  /** Response, then one notification with an UPSERT for every conversation already matching. */
  '.ams.aam.SubscribeExConversations': (ctx, body) => {
    const sub = { id: uuid(), filter: parseFilter(ctx, objectBody(body)), seen: new Set<string>() };
    ctx.conn.exConv.set(sub.id, sub);
    ctx.core.hub.initialBatch(ctx.conn, sub);
    return ok('.ams.aam.SubscribeExConversations$Response', { subscriptionId: sub.id });
  },

  '.ams.aam.UnsubscribeExConversations': (ctx, body) => {
    const id = idField(objectBody(body), 'subscriptionId');
    if (!ctx.conn.exConv.delete(id)) throw new UmsError(404, 'Subscription not found');
    return text('OK Subscription removed successfully');
  },

  /** A proactive conversation: the requesting agent becomes its ASSIGNED_AGENT, no routing. */
  '.ams.cm.AgentRequestConversation': (ctx, body) => {
    const obj = objectBody(body);
    const consumerId = idField(obj, 'consumerId');
    const skillId = idField(obj, 'skillId', true) ?? '-1';
    if (!ctx.account.skills.has(skillId)) throw badRequest('skillId');
    const context = isObject(obj.conversationContext) ? obj.conversationContext : undefined;
    const { state, conversations } = ctx.core;
    const consumer = ctx.account.consumers.get(consumerId) ?? state.addConsumer(ctx.account.id, { id: consumerId });
    if (conversations.openConversationOf(consumer)) throw new UmsError(400, 'Consumer already has an open conversation');
    const conv = conversations.open(consumer, { skillId, context, agent: ctx.agent });
    return ok('.ams.cm.AgentRequestConversation$Response', { conversationId: conv.convId });
  },
};
