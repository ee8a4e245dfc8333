import { SDKError, SERVICES } from '../errors';
import type { Identity } from '../identity';

export type Warn = (payload: { message: string }) => void;

/**
 * Turns the v2 role maps into the v3 participant list and gives each dialog participant its PID.
 * Throws (and so drops the notification) when `participantsPId` is missing, as the original does.
 */
function participantList(details: any, convId: unknown, warn: Warn): Array<{ id: string; role: string }> {
  if (!Object.prototype.hasOwnProperty.call(details, 'participantsPId')) {
    throw new SDKError(`participantsPId key property is missing on notification for convId ${convId}`, null, SERVICES.MESSAGING);
  }
  const pids: Record<string, string[]> = details.participantsPId;
  const participants: Array<{ id: string; role: string }> = [];
  for (const role of Object.keys(pids)) {
    pids[role].forEach((id) => participants.push({ id, role }));
  }

  // forEach (not for-of) on server data: a malformed frame then fails with the same
  // TypeError text as in the JavaScript SDK, which bots may log or match.
  details.dialogs.forEach((dialog: any) => {
    if (dialog.channelType && dialog.channelType !== 'MESSAGING') {
      if (dialog.channelType === 'COBROWSE') return;
      warn({ message: `Unknown channelType: ${dialog.channelType}` });
    }
    if (!dialog.participantsDetails) {
      warn({ message: `Invalid dialog information, participantsDetails is missing ${JSON.stringify(dialog)}` });
      return;
    }
    const seenPerRole: Record<string, number> = {};
    dialog.participantsDetails.forEach((participant: any) => {
      const role = participant.role;
      const index = seenPerRole[role] ?? 0;
      seenPerRole[role] = index + 1;
      if (!Object.prototype.hasOwnProperty.call(pids, role)) {
        // A suggested agent is not yet a conversation participant: that is expected, not an anomaly.
        if (participant.state !== 'SUGGESTED') {
          warn({ message: `invalid participant on conversation ${convId} - ${JSON.stringify(participant)}` });
        }
        return;
      }
      if (index < pids[role].length) participant.id = pids[role][index];
    });
  });
  return participants;
}

/** `.ams.aam.ExConversationChangeNotification` → `cqm.ExConversationChangeNotification`. */
export function exConversationChange(msg: any, me: Identity, warn: Warn): any {
  msg.type = 'cqm.ExConversationChangeNotification';
  msg.body.changes.forEach((change: any) => {
    if (!change || !change.result) return;
    const result = change.result;
    delete result.lastUpdateTime;
    delete result.numberOfunreadMessages;
    const details = result.conversationDetails;
    delete details.convId;
    delete details.note;
    delete details.groupId;
    delete details.csatRate;

    for (const role of Object.keys(details.participants)) {
      if (details.participants[role].filter((id: unknown) => id === me.oldAgentId).length > 0) details.__myRole = role;
    }
    // Deprecated in the original too (use agent.agentId); kept so old bots run unchanged.
    details.getMyRole = () => details.__myRole;
    details.participants = participantList(details, result.convId, warn);
    delete details.participantsPId;
  });
  return msg;
}
