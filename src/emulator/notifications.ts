/**
 * Builders of raw notification payloads (docs/protocol.md, "Notifications"): exactly what UMS puts on the wire, before
 * the SDK's rewrites. Pure functions of the state.
 */
import { ROLES } from './model';
import type { AgentUser, Conversation, Dialog, EventRecord, Participant, Ring, RoutingTask } from './model';

export type ChangeType = 'UPSERT' | 'DELETE';
export interface Change<T> {
  type: ChangeType;
  result: T;
}

export const notification = (type: string, body: unknown) => ({ kind: 'notification', type, body });

const byRole = (list: Participant[]): Participant[] =>
  ROLES.flatMap((role) => list.filter((p) => p.role === role));

/** Conversation participants in role order; the SDK pairs them with `participantsPId` by index. */
function roleMaps(conv: Conversation) {
  const participants: Record<string, string[]> = {};
  const participantsPId: Record<string, string[]> = {};
  for (const p of byRole(conv.participants)) {
    (participants[p.role] ??= []).push(p.party.id);
    (participantsPId[p.role] ??= []).push(p.party.pid);
  }
  return { participants, participantsPId };
}

/** Active participants of one dialog: MAIN holds the conversation-wide ones, others their own. */
export function dialogMembers(conv: Conversation, dialog: Dialog): Participant[] {
  if (dialog.dialogType === 'MAIN') {
    return conv.participants.filter((p) => p.dialogId === undefined || p.dialogId === dialog.dialogId);
  }
  return conv.participants.filter((p) => p.role === 'CONSUMER' || p.dialogId === dialog.dialogId);
}

function participantsDetails(conv: Conversation, dialog: Dialog, showSuggested: boolean) {
  const details = byRole(dialogMembers(conv, dialog)).map((p) => ({ id: p.party.id, role: p.role, state: 'ACTIVE' }));
  // Suggested agents come after the ACTIVE ones of their role so the index pairing stays right.
  if (dialog.dialogType === 'MAIN' && showSuggested) {
    for (const s of conv.suggested) details.push({ id: s.id, role: 'ASSIGNED_AGENT', state: 'SUGGESTED' });
  }
  return details;
}

function dialogPayload(conv: Conversation, dialog: Dialog, showSuggested: boolean) {
  return {
    dialogId: dialog.dialogId,
    participantsDetails: participantsDetails(conv, dialog, showSuggested),
    dialogType: dialog.dialogType,
    channelType: 'MESSAGING',
    ...(dialog.metaData && { metaData: dialog.metaData }),
    state: dialog.state,
    creationTs: dialog.creationTs,
    ...(dialog.endTs !== undefined && { endTs: dialog.endTs }),
    metaDataLastUpdateTs: dialog.metaDataLastUpdateTs,
    ...(dialog.closedBy && { closedBy: dialog.closedBy }),
    ...(dialog.closedCause && { closedCause: dialog.closedCause }),
  };
}

export const mainDialog = (conv: Conversation): Dialog => conv.dialogs[0];

/** The `result` of an ExConversationChangeNotification change (DELETE carries it too). */
export function conversationResult(conv: Conversation, showSuggested = true) {
  const agents = conv.participants.filter((p) => p.party.agent);
  return {
    convId: conv.convId,
    effectiveTTR: -1,
    lastUpdateTime: conv.metaDataLastUpdateTs,
    numberOfunreadMessages: Object.fromEntries(agents.map((p) => [p.party.id, 0])),
    conversationDetails: {
      convId: conv.convId,
      skillId: conv.skillId,
      brandId: conv.accountId,
      ...roleMaps(conv),
      dialogs: conv.dialogs.map((d) => dialogPayload(conv, d, showSuggested)),
      state: mainDialog(conv).state,
      stage: conv.stage,
      ...(conv.closeReason && { closeReason: conv.closeReason }),
      startTs: conv.startTs,
      ...(conv.endTs !== undefined && { endTs: conv.endTs }),
      metaDataLastUpdateTs: conv.metaDataLastUpdateTs,
      firstConversation: false,
      csatRate: 0,
      note: '',
      ttr: conv.ttr,
      context: conv.context,
      conversationHandlerDetails: { accountId: conv.accountId, skillId: conv.skillId },
      ...conv.extras,
    },
    ...(conv.lastContent && { lastContentEventNotification: conv.lastContent }),
  };
}

export const exConvNotification = (subscriptionId: string, changes: Change<unknown>[]) =>
  notification('.ams.aam.ExConversationChangeNotification', { subscriptionId, changes });

function ringDetails(task: RoutingTask, ring: Ring) {
  return {
    ringId: ring.ringId,
    ringState: ring.state,
    ringExpiration: ring.expirationTs - ring.createdTs,
    ringExpirationTs: ring.expirationTs,
    // LivePerson's weights sit about an hour after the ring's creation; only the order matters.
    weight: ring.createdTs + 3_600_000,
    brandId: task.conv.accountId,
    convId: task.conv.convId,
    consumerId: task.conv.consumer.id,
    skillId: task.skillId,
  };
}

/** The `result` of a RoutingTaskNotification change, showing the given rings (one agent's). */
export function routingTaskResult(task: RoutingTask, rings: Ring[]) {
  return {
    routingTaskId: task.routingTaskId,
    brandId: task.conv.accountId,
    assignedAgentId: task.assignedAgentId,
    taskCompleted: task.completed,
    conversationId: task.conv.convId,
    consumerId: task.conv.consumer.id,
    skillId: task.skillId,
    ringsDetails: rings.map((ring) => ringDetails(task, ring)),
  };
}

export const routingNotification = (subscriptionId: string, changes: Change<unknown>[]) =>
  notification('.ams.routing.RoutingTaskNotification', { subscriptionId, changes });

export const agentStateResult = (agent: AgentUser) => ({
  agentUserId: agent.oldAgentId,
  channels: ['MESSAGING'],
  availability: agent.availability,
  description: agent.description,
});

export const agentStateNotification = (subscriptionId: string, changes: Change<unknown>[]) =>
  notification('.ams.routing.AgentStateNotification', { subscriptionId, changes });

export const eventDistribution = (record: EventRecord) => notification('.ams.ms.OnlineEventDistribution', record);
