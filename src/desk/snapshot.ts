import type { Role } from '../types';
import type { AgentTransfer, BackToQueue, DeskDialog, DialogChange, Participant, ParticipantChange, SkillTransfer } from './types';

/** What the desk knows of a conversation, rebuilt from each ExConversations change. */
export interface Snapshot {
  id: string;
  state: 'OPEN' | 'CLOSE';
  stage: 'OPEN' | 'CLOSE';
  skillId: string;
  startTs?: number;
  endTs?: number;
  closeReason?: string;
  /** ACTIVE participants (PIDs), in the service's role order. */
  participants: Participant[];
  dialogs: DeskDialog[];
  /** Agents suggested as ASSIGNED_AGENT (transfer to agent), as listed in the MAIN dialog. */
  suggested: string[];
  consumerId?: string;
  ttr?: { ttrType: string; value: number };
  effectiveTTR?: number;
  /** This agent's role, as the service marks it. */
  myRole?: Role;
  context?: Record<string, unknown>;
}

/** A `cqm.ExConversationChangeNotification` change `result` (after the SDK's rewrite) as a snapshot. */
export function snapshotOf(result: any): Snapshot {
  const details = result.conversationDetails ?? {};
  const participants: Participant[] = Array.isArray(details.participants)
    ? details.participants.filter((p: any) => p && typeof p.id === 'string').map((p: any) => ({ id: p.id, role: p.role }))
    : [];
  const dialogs: DeskDialog[] = (Array.isArray(details.dialogs) ? details.dialogs : []).map(dialogOf);
  const main = dialogs.find((d) => d.dialogType === 'MAIN');
  const suggested = (main?.participants ?? []).filter((p) => p.state === 'SUGGESTED' && p.role === 'ASSIGNED_AGENT').map((p) => p.id);
  return {
    id: result.convId,
    state: details.state,
    stage: details.stage ?? details.state,
    skillId: details.skillId,
    ...(details.startTs !== undefined && { startTs: details.startTs }),
    ...(details.endTs !== undefined && { endTs: details.endTs }),
    ...(details.closeReason !== undefined && { closeReason: details.closeReason }),
    participants,
    dialogs,
    suggested,
    ...(participants.find((p) => p.role === 'CONSUMER') && { consumerId: participants.find((p) => p.role === 'CONSUMER')?.id }),
    ...(details.ttr && { ttr: details.ttr }),
    ...(typeof result.effectiveTTR === 'number' && { effectiveTTR: result.effectiveTTR }),
    ...(details.__myRole && { myRole: details.__myRole }),
    ...(details.context && { context: details.context }),
  };
}

function dialogOf(raw: any): DeskDialog {
  const keep = ['channelType', 'creationTs', 'endTs', 'closedBy', 'closedCause', 'metaData'] as const;
  const dialog: DeskDialog = {
    dialogId: raw.dialogId,
    dialogType: raw.dialogType,
    state: raw.state,
    participants: (Array.isArray(raw.participantsDetails) ? raw.participantsDetails : []).map((p: any) => ({ id: p.id, role: p.role, state: p.state })),
  };
  for (const key of keep) if (raw[key] !== undefined) (dialog as any)[key] = raw[key];
  return dialog;
}

/** One thing that changed between two snapshots, in the order the desk reports them. */
export type SnapshotChange =
  | { event: 'dialog'; payload: DialogChange }
  | { event: 'participant-added' | 'participant-removed'; payload: ParticipantChange }
  | { event: 'transfer-skill'; payload: SkillTransfer }
  | { event: 'transfer-agent'; payload: AgentTransfer }
  | { event: 'back-to-queue'; payload: BackToQueue };

const key = (p: Participant) => `${p.role}\n${p.id}`;
const assignedOf = (s: Snapshot) => s.participants.find((p) => p.role === 'ASSIGNED_AGENT')?.id;

/**
 * What happened between two snapshots of one conversation. A pure function of the two states,
 * so the same state seen twice (a re-sent UPSERT, the fresh answer after a reconnect) reports nothing.
 * Dialog closings are left out when the whole conversation closes with them (`close` says it).
 */
export function changesBetween(prev: Snapshot, next: Snapshot, myId: string | undefined): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  const closing = prev.stage !== 'CLOSE' && next.stage === 'CLOSE';
  for (const dialog of next.dialogs) {
    const before = prev.dialogs.find((d) => d.dialogId === dialog.dialogId);
    if (!before && dialog.state === 'OPEN') changes.push({ event: 'dialog', payload: { dialog, change: 'opened' } });
    else if (before?.state === 'OPEN' && dialog.state === 'CLOSE' && !closing) changes.push({ event: 'dialog', payload: { dialog, change: 'closed' } });
  }
  const had = new Set(prev.participants.map(key));
  const has = new Set(next.participants.map(key));
  const describe = (p: Participant): ParticipantChange => ({ id: p.id, role: p.role, isMe: myId !== undefined && p.id === myId });
  for (const p of next.participants) if (!had.has(key(p))) changes.push({ event: 'participant-added', payload: describe(p) });
  for (const p of prev.participants) if (!has.has(key(p))) changes.push({ event: 'participant-removed', payload: describe(p) });

  const skillChanged = prev.skillId !== next.skillId;
  if (skillChanged) changes.push({ event: 'transfer-skill', payload: { fromSkillId: prev.skillId, toSkillId: next.skillId } });
  const leftAgent = assignedOf(prev);
  const newlySuggested = next.suggested.filter((id) => !prev.suggested.includes(id));
  for (const agentId of newlySuggested) changes.push({ event: 'transfer-agent', payload: { agentId, ...(leftAgent && { fromAgentId: leftAgent }) } });
  const unassigned = leftAgent !== undefined && assignedOf(next) === undefined;
  const mainOpen = next.dialogs.find((d) => d.dialogType === 'MAIN')?.state !== 'CLOSE';
  if (unassigned && !skillChanged && newlySuggested.length === 0 && next.stage === 'OPEN' && mainOpen) {
    changes.push({ event: 'back-to-queue', payload: { agentId: leftAgent, skillId: next.skillId } });
  }
  return changes;
}
