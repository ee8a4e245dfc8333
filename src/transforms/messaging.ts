import type { Identity } from '../identity';

/**
 * The event's `isMe()`, deprecated in the original too (compare originatorMetadata.id with
 * agent.agentId). It reads `__isMe` when called and works detached, as the original's did. Made
 * here rather than inline: a closure in the rewrite itself would make every call of the rewrite
 * allocate a scope for the event, a third of the rewrite's cost.
 */
function isMeOf(event: any): () => boolean {
  return () => event.__isMe;
}

/** Marks an event as the agent's own and swaps the legacy originator id for the PID. */
function rewriteEvent(event: any, me: Identity): any {
  event.__isMe = event.originatorId === me.oldAgentId;
  event.isMe = isMeOf(event);
  event.originatorId = event.originatorPId;
  delete event.originatorPId;
  return event;
}

/**
 * `.ams.ms.OnlineEventDistribution` → `ms.MessagingEventNotification` with one change. The steps
 * keep the original's order: the type changes first (a body that cannot be rewritten leaves a
 * TransformError payload of the new type), and `isMe` is added last.
 *
 * An object event is copied without `originatorPId` rather than losing it to `delete`: a delete
 * turns each event into a slow dictionary-mode object (about a fifth more CPU per notification,
 * see the README's Performance section). The copy has the keys in the order the original's
 * in-place steps leave them: the wire's order without `originatorPId`, then `__isMe`, then
 * `originatorId` when the wire had none, then `isMe`. Anything else (null, an array, a string)
 * takes the in-place steps, so it fails or passes exactly as before.
 */
export function onlineEventDistribution(msg: any, me: Identity): any {
  msg.type = 'ms.MessagingEventNotification';
  const wire = msg.body;
  const mine = wire.originatorId === me.oldAgentId;
  if (typeof wire !== 'object' || Array.isArray(wire)) return inPlace(msg, wire, mine);
  const { originatorPId, ...event } = wire;
  event.__isMe = mine;
  event.originatorId = originatorPId;
  msg.body = { dialogId: event.dialogId, changes: [event] };
  event.isMe = isMeOf(event);
  return msg;
}

/** The original's steps on the body itself, for a body that is not a plain object. */
function inPlace(msg: any, event: any, mine: boolean): any {
  event.__isMe = mine;
  event.originatorId = event.originatorPId;
  delete event.originatorPId;
  msg.body = { dialogId: event.dialogId, changes: [event] };
  event.isMe = isMeOf(event);
  return msg;
}

/**
 * The reply to subscribeMessagingEvents: its events become one `ms.MessagingEventNotification`
 * (returned in `notification`), and the response itself loses its body.
 */
export function queryMessagesResponse(msg: any, me: Identity): { msg: any; notification?: any } {
  let notification;
  if (msg.body.length > 0) {
    const dialogId = msg.body[0].dialogId;
    msg.body.forEach((event: any) => rewriteEvent(event, me));
    notification = { kind: 'notification', type: 'ms.MessagingEventNotification', body: { dialogId, changes: msg.body } };
  }
  delete msg.body;
  msg.type = 'GenericSubscribeResponse';
  return { msg, notification };
}
