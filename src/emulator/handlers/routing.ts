import { AVAILABILITIES } from '../model';
import { agentStateNotification, agentStateResult, routingNotification } from '../notifications';
import { uuid } from '../ids';
import { GENERIC_SUBSCRIBE, UmsError, badRequest, idField, objectBody, ok, oneOf, text } from './reply';
import type { Handler, Obj, RequestContext } from './reply';

/** Requests may act on another agent of the account, named by legacy id or PID; default: the caller. */
function agentFrom(ctx: RequestContext, obj: Obj, field: string) {
  const id = idField(obj, field, true);
  if (id === undefined) return ctx.agent;
  const agent = ctx.core.state.agentById(ctx.account.id, id);
  if (!agent) throw badRequest(field);
  return agent;
}

export const routingHandlers: Record<string, Handler> = {
  '.ams.routing.SetAgentState': (ctx, body) => {
    const obj = objectBody(body);
    const availability = oneOf(obj, 'availability', AVAILABILITIES);
    const agent = agentFrom(ctx, obj, 'agentUserId');
    agent.availability = availability;
    if (typeof obj.description === 'string') agent.description = obj.description;
    ctx.core.hub.agentStateChanged(agent);
    ctx.core.routing.offerQueued(agent);
    return text('Agent state updated successfully', 202);
  },

  /** Response, then the current state of the watched agent(s) as UPSERTs. */
  '.ams.routing.SubscribeAgentsState': (ctx, body) => {
    const obj = objectBody(body);
    const named = idField(obj, 'agentId', true) === undefined ? undefined : agentFrom(ctx, obj, 'agentId');
    const watched = named ? [named] : [...ctx.account.agents.values()];
    // Notifications name the agent by legacy id (`agentUserId`), whichever form the request used.
    const sub = { id: uuid(), agentId: named?.oldAgentId };
    ctx.conn.agentState.set(sub.id, sub);
    const changes = watched.map((agent) => ({ type: 'UPSERT' as const, result: agentStateResult(agent) }));
    ctx.core.hub.send(ctx.conn, agentStateNotification(sub.id, changes));
    return ok(GENERIC_SUBSCRIBE, { subscriptionId: sub.id });
  },

  /** Response, an empty notification, then the caller's WAITING rings and any new ones. */
  '.ams.routing.SubscribeRoutingTasks': (ctx, body) => {
    const obj = objectBody(body);
    if (agentFrom(ctx, obj, 'agentId') !== ctx.agent) throw badRequest('agentId');
    const sub = { id: uuid(), skillId: idField(obj, 'skillId', true), conversationId: idField(obj, 'conversationId', true) };
    ctx.conn.routing.set(sub.id, sub);
    ctx.core.hub.send(ctx.conn, routingNotification(sub.id, []));
    ctx.core.routing.resync(ctx.conn, sub);
    ctx.core.routing.offerQueued(ctx.agent);
    return ok(GENERIC_SUBSCRIBE, { subscriptionId: sub.id });
  },

  '.ams.routing.UpdateRoutingTaskSubscription': (ctx, body) => {
    const obj = objectBody(body);
    const sub = ctx.conn.routing.get(idField(obj, 'subscriptionId'));
    if (!sub) throw new UmsError(404, 'Subscription not found');
    if ('skillId' in obj) sub.skillId = idField(obj, 'skillId', true);
    if ('conversationId' in obj) sub.conversationId = idField(obj, 'conversationId', true);
    ctx.core.routing.offerQueued(ctx.agent);
    return ok(GENERIC_SUBSCRIBE, { subscriptionId: sub.id });
  },

  '.ams.routing.UpdateRingState': (ctx, body) => {
    const obj = objectBody(body);
    const ringId = idField(obj, 'ringId');
    const ringState = oneOf(obj, 'ringState', ['ACCEPTED', 'REJECTED'] as const);
    const found = ctx.core.routing.findRing(ctx.account.id, ringId);
    if (!found || found.ring.agent !== ctx.agent || found.ring.state !== 'WAITING') {
      throw new UmsError(404, 'Ring not found');
    }
    if (ringState === 'ACCEPTED') ctx.core.routing.accept(found.task, found.ring);
    else ctx.core.routing.reject(found.task, found.ring);
    return text('Ring state updated successfully', 202);
  },
};
