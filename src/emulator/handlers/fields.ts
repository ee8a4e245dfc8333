import type { AgentUser, Conversation, Role } from '../model';
import { ROLES } from '../model';
import { UmsError, badRequest, conversationNotFound, idField, isObject, notParticipant, objectBody, oneOf, text } from './reply';
import type { Handler, Obj, RequestContext } from './reply';

/** What applying the items did, to decide on routing afterwards. */
interface Effects {
  removedAssigned?: AgentUser;
  suggested?: AgentUser;
  skillChanged: boolean;
}

/** A validated item: `apply` may not fail, so a request is applied whole or not at all. */
interface Step {
  reply: string;
  joinsOnly: boolean;
  apply: (effects: Effects) => void;
}

const AGENT_ROLES = ROLES.filter((r) => r !== 'CONSUMER');

function findConversation(ctx: RequestContext, id: string): Conversation {
  const conv = ctx.account.conversations.get(id) ?? ctx.core.state.findDialog(ctx.account.id, id)?.conv;
  if (!conv) throw conversationNotFound();
  return conv;
}

/** Tracks whether an ASSIGNED_AGENT exists while the items are validated in order. */
interface Plan {
  ctx: RequestContext;
  conv: Conversation;
  hasAssigned: boolean;
}

function participantsChange(plan: Plan, item: Obj): Step {
  const { ctx, conv } = plan;
  const conversations = ctx.core.conversations;
  const type = oneOf(item, 'type', ['ADD', 'REMOVE', 'SUGGEST'] as const);
  const role = oneOf(item, 'role', AGENT_ROLES) as Role;
  const userId = idField(item, 'userId');
  const dialogId = idField(item, 'dialogId', true);
  if (dialogId !== undefined && !conv.dialogs.some((d) => d.dialogId === dialogId)) throw badRequest('dialogId');
  // Legacy id or PID: the participant is shown under its legacy id either way.
  const agent = ctx.core.state.agentById(ctx.account.id, userId);
  if (type === 'REMOVE') {
    if (role === 'ASSIGNED_AGENT') {
      // The SDK stamps the caller's id on items without userId; UMS removes whoever is assigned.
      if (!plan.hasAssigned) throw new UmsError(400, 'Conversation has no assigned agent');
      plan.hasAssigned = false;
      return {
        reply: 'OK Agent removed successfully',
        joinsOnly: false,
        apply: (effects) => {
          const assigned = conversations.assignedAgent(conv);
          if (assigned) conversations.removeParticipant(conv, assigned, 'ASSIGNED_AGENT');
          effects.removedAssigned = assigned;
        },
      };
    }
    if (!agent || !conv.participants.some((p) => p.party.agent === agent && p.role === role)) throw notParticipant();
    return { reply: 'OK Agent removed successfully', joinsOnly: false, apply: () => conversations.removeParticipant(conv, agent, role) };
  }
  if (!agent) throw badRequest('userId');
  if (type === 'SUGGEST') {
    if (role !== 'ASSIGNED_AGENT') throw badRequest('role');
    return {
      reply: 'OK Agent suggested successfully',
      joinsOnly: false,
      apply: (effects) => {
        conversations.suggest(conv, agent);
        effects.suggested = agent;
      },
    };
  }
  if (role === 'ASSIGNED_AGENT') {
    if (plan.hasAssigned && conversations.assignedAgent(conv) !== agent) {
      throw new UmsError(400, 'Conversation already has an assigned agent');
    }
    plan.hasAssigned = true;
  }
  return {
    reply: 'OK Agent added successfully',
    joinsOnly: true,
    apply: () => {
      if (role === 'ASSIGNED_AGENT') {
        conversations.assign(conv, agent);
        ctx.core.routing.cancel(conv);
      } else {
        conversations.addParticipant(conv, agent, role, dialogId);
      }
    },
  };
}

function dialogChange(plan: Plan, item: Obj): Step {
  const { ctx, conv } = plan;
  if (item.type !== undefined) oneOf(item, 'type', ['UPDATE'] as const);
  if (!isObject(item.dialog)) throw badRequest('dialog');
  const spec = item.dialog;
  const dialogId = idField(spec, 'dialogId');
  const dialog = conv.dialogs.find((d) => d.dialogId === dialogId);
  if (!dialog) throw badRequest('dialogId');
  if (spec.state !== undefined) oneOf(spec, 'state', ['OPEN', 'CLOSE'] as const);
  const closedBy = typeof spec.closedBy === 'string' ? spec.closedBy : 'AGENT';
  const closedCause = typeof spec.closedCause === 'string' ? spec.closedCause : undefined;
  return {
    reply: 'OK Dialog updated successfully',
    joinsOnly: false,
    apply: () => {
      // Without a state change the item only touches the dialog (bots use it to tag with metadata).
      if (spec.state === 'CLOSE') ctx.core.conversations.closeDialog(conv, dialog, closedBy, closedCause);
      else dialog.metaDataLastUpdateTs = Date.now();
    },
  };
}

/** Fields that only annotate the conversation; stored where the raw payload shows them. */
const ANNOTATIONS: Record<string, (conv: Conversation, item: Obj) => void> = {
  CSATRate: (conv, item) => (conv.extras.csatRate = item.csatRate),
  DelayField: (conv, item) => (conv.extras.delay = { type: item.type, tillWhen: item.tillWhen }),
  ManualETTR: (conv, item) => (conv.extras.manualETTR = item.time),
  Note: (conv, item) => (conv.extras.note = item.note),
  TopicField: () => undefined,
  TTRField: (conv, item) => {
    if (typeof item.ttrType === 'string') conv.ttr = { ttrType: item.ttrType, value: Number(item.value ?? conv.ttr.value) };
  },
};

function step(plan: Plan, item: unknown): Step {
  if (!isObject(item)) throw badRequest('conversationField');
  const { ctx, conv } = plan;
  switch (item.field) {
    case 'ParticipantsChange':
      return participantsChange(plan, item);
    case 'DialogChange':
      return dialogChange(plan, item);
    case 'Skill': {
      if (item.type !== undefined) oneOf(item, 'type', ['UPDATE'] as const);
      const skill = idField(item, 'skill');
      if (!ctx.account.skills.has(skill)) throw badRequest('skill');
      return {
        reply: 'OK Skill updated successfully',
        joinsOnly: false,
        apply: (effects) => {
          effects.skillChanged = conv.skillId !== skill || effects.skillChanged;
          conv.skillId = skill;
        },
      };
    }
    case 'ConversationStateField':
      oneOf(item, 'conversationState', ['CLOSE'] as const);
      return {
        reply: 'OK Conversation closed successfully',
        joinsOnly: false,
        apply: () => ctx.core.conversations.closeConversation(conv, 'AGENT'),
      };
    default: {
      const annotate = typeof item.field === 'string' ? ANNOTATIONS[item.field] : undefined;
      if (!annotate) throw badRequest('field');
      return { reply: 'OK Field updated successfully', joinsOnly: false, apply: () => annotate(conv, item) };
    }
  }
}

/** After the items: a conversation left without an agent goes back to routing. */
function reroute(ctx: RequestContext, conv: Conversation, effects: Effects): void {
  const { conversations, routing } = ctx.core;
  if (conv.stage !== 'OPEN' || mainClosed(conv) || conversations.assignedAgent(conv)) return;
  const exclude = effects.removedAssigned ? [effects.removedAssigned] : [];
  if (effects.suggested) routing.route(conv, { transfer: true, target: effects.suggested });
  else if (effects.removedAssigned || effects.skillChanged) routing.route(conv, { transfer: effects.skillChanged, exclude });
}

const mainClosed = (conv: Conversation) => conv.dialogs[0].state !== 'OPEN';

export const fieldHandlers: Record<string, Handler> = {
  /** Items apply in order, all or nothing; the reply is the first item's message. */
  '.ams.cm.UpdateConversationField': (ctx, body) => {
    const obj = objectBody(body);
    const conv = findConversation(ctx, idField(obj, 'conversationId'));
    const field = obj.conversationField;
    const items = Array.isArray(field) ? field : isObject(field) ? [field] : undefined;
    if (!items || items.length === 0) throw badRequest('conversationField');
    const plan: Plan = { ctx, conv, hasAssigned: !!ctx.core.conversations.assignedAgent(conv) };
    const steps = items.map((item) => step(plan, item));
    // Joining needs no membership; anything else needs it, unless the user is an agent manager.
    if (steps.some((s) => !s.joinsOnly) && !ctx.core.conversations.mayAct(conv, ctx.agent)) throw notParticipant();
    if (conv.stage !== 'OPEN') throw new UmsError(400, 'Conversation is closed');
    const effects: Effects = { skillChanged: false };
    steps.forEach((s) => s.apply(effects));
    ctx.core.conversations.changed(conv);
    reroute(ctx, conv, effects);
    return text(steps[0].reply);
  },
};
