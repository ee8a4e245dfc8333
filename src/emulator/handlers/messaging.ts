import type { Conversation, Dialog, EventRecord } from '../model';
import { UmsError, badRequest, conversationNotFound, idField, intField, isObject, notParticipant, objectBody, ok } from './reply';
import type { Handler, Obj, RequestContext } from './reply';

/** Requests name a dialog; some bots pass only `conversationId` (= the MAIN dialog's id). */
function findDialog(ctx: RequestContext, obj: Obj): { conv: Conversation; dialog: Dialog } {
  const dialogId = idField(obj, 'dialogId', true) ?? idField(obj, 'conversationId', true);
  if (dialogId === undefined) throw badRequest('dialogId');
  const found = ctx.core.state.findDialog(ctx.account.id, dialogId);
  if (!found) throw conversationNotFound();
  return found;
}

function validEvent(value: unknown): EventRecord['event'] {
  if (!isObject(value) || typeof value.type !== 'string') throw badRequest('event');
  const event = value as EventRecord['event'];
  const need = (ok: boolean, field: string) => {
    if (!ok) throw badRequest(`event.${field}`);
  };
  switch (event.type) {
    case 'ContentEvent':
      need(event.message !== undefined && event.message !== null, 'message');
      need(event.contentType === undefined || typeof event.contentType === 'string', 'contentType');
      break;
    case 'RichContentEvent':
      need(isObject(event.content), 'content');
      break;
    case 'AcceptStatusEvent':
      need(typeof event.status === 'string', 'status');
      need(Array.isArray(event.sequenceList) && event.sequenceList.every(Number.isInteger), 'sequenceList');
      break;
    case 'ChatStateEvent':
      need(typeof event.chatState === 'string', 'chatState');
      break;
    default:
      throw badRequest('event.type');
  }
  return event;
}

export const messagingHandlers: Record<string, Handler> = {
  '.ams.ms.PublishEvent': (ctx, body) => {
    const obj = objectBody(body);
    const { conv, dialog } = findDialog(ctx, obj);
    const event = validEvent(obj.event);
    const conversations = ctx.core.conversations;
    const member = conversations.participantOf(conv, ctx.agent, dialog);
    if (!member) throw notParticipant();
    if (dialog.state !== 'OPEN') throw new UmsError(400, 'Dialog is closed');
    const audience = typeof obj.messageAudience === 'string' ? obj.messageAudience : undefined;
    const record = conversations.publish(conv, dialog, member, event, ctx.metadata, audience);
    return ok('.ams.ms.PublishEvent$Response', { sequence: record.sequence ?? 0 });
  },

  /**
   * What `subscribeMessagingEvents` sends. `newerThanSequence` is inclusive (the SDK asks from 0 for
   * the whole history), `olderThanSequence` exclusive; ascending; sequenced events only.
   */
  '.ams.ms.QueryMessages': (ctx, body) => {
    const obj = objectBody(body);
    const { conv, dialog } = findDialog(ctx, obj);
    if (!ctx.core.conversations.mayAct(conv, ctx.agent)) throw notParticipant();
    const newer = intField(obj, 'newerThanSequence') ?? 0;
    const older = intField(obj, 'olderThanSequence');
    const max = intField(obj, 'maxQuantity');
    if (max !== undefined && max < 1) throw badRequest('maxQuantity');
    const records = dialog.events
      .map((e) => e.record)
      .filter((r) => (r.sequence ?? 0) >= newer && (older === undefined || (r.sequence ?? 0) < older))
      .slice(0, max);
    return ok('.ams.ms.QueryMessages$Response', records);
  },
};
