import { consumerId, numericSkillId, numericUserId, uuid } from './ids';
import type { AgentUser, Consumer, ConsumerProfile, Conversation, Dialog, Skill } from './model';
import type { AgentOptions } from './options';

export interface Account {
  id: string;
  agents: Map<string, AgentUser>;
  skills: Map<string, Skill>;
  consumers: Map<string, Consumer>;
  conversations: Map<string, Conversation>;
  /** dialogId → conversation, for the requests that only name a dialog. */
  dialogs: Map<string, Conversation>;
}

/** Options of `emulator.addSkill`. */
export interface SkillOptions {
  /** Default: a generated numeric id. */
  id?: string;
  /** Default: `skill-<id>`. */
  name?: string;
  /**
   * Open a POST_SURVEY dialog when the MAIN dialog is closed. Default false. An object names the
   * survey bot's app installation: its `appInstallId` is put in the dialog's `metaData`, where
   * survey bots check it (default: one generated per skill).
   */
  postSurvey?: boolean | { appInstallId?: string };
}

/** Accounts and everything they own; lookups only, no notifications. */
export class State {
  readonly accounts = new Map<string, Account>();

  addAccount(id: string): Account {
    const existing = this.accounts.get(id);
    if (existing) return existing;
    const account: Account = {
      id,
      agents: new Map(),
      skills: new Map(),
      consumers: new Map(),
      conversations: new Map(),
      dialogs: new Map(),
    };
    this.accounts.set(id, account);
    // "-1" is LivePerson's "unassigned" skill; conversations without a skill land there.
    this.addSkill(id, { id: '-1', name: 'Unassigned' });
    return account;
  }

  account(id: string): Account | undefined {
    return this.accounts.get(id);
  }

  requireAccount(id: string): Account {
    const account = this.accounts.get(id);
    if (!account) throw new Error(`unknown account ${id}`);
    return account;
  }

  addAgent(options: AgentOptions & { accountId: string }): AgentUser {
    const account = this.requireAccount(options.accountId);
    if (account.agents.has(options.username)) {
      throw new Error(`agent ${options.username} already exists in account ${account.id}`);
    }
    const userId = options.userId ?? numericUserId();
    const agent: AgentUser = {
      ...options,
      userId,
      userPid: options.userPid ?? uuid(),
      oldAgentId: `${account.id}.${userId}`,
      skills: [...(options.skills ?? [])],
      role: options.role ?? 'agent',
      availability: 'OFFLINE',
      description: '',
    };
    account.agents.set(agent.username, agent);
    return agent;
  }

  /**
   * The agent a request names: by its oldAgentId (`accountId.userId`, what UMS itself uses) or
   * by its PID (what bots see in `participantsPId` and `agent.agentId`); LivePerson takes both.
   */
  agentById(accountId: string, id: string): AgentUser | undefined {
    for (const agent of this.accounts.get(accountId)?.agents.values() ?? []) {
      if (agent.oldAgentId === id || agent.userPid === id) return agent;
    }
    return undefined;
  }

  addSkill(accountId: string, options: SkillOptions = {}): Skill {
    const account = this.requireAccount(accountId);
    const id = options.id ?? numericSkillId();
    const survey = options.postSurvey;
    const skill: Skill = { id, name: options.name ?? `skill-${id}`, postSurvey: !!survey };
    if (survey) skill.appInstallId = (typeof survey === 'object' && survey.appInstallId) || uuid();
    account.skills.set(id, skill);
    return skill;
  }

  addConsumer(accountId: string, options: { id?: string; profile?: ConsumerProfile } = {}): Consumer {
    const account = this.requireAccount(accountId);
    const id = options.id ?? consumerId();
    const consumer: Consumer = {
      accountId,
      id,
      profile: options.profile ?? { firstName: 'Test', lastName: 'Consumer' },
    };
    account.consumers.set(id, consumer);
    return consumer;
  }

  addConversation(conv: Conversation): void {
    const account = this.requireAccount(conv.accountId);
    account.conversations.set(conv.convId, conv);
    for (const dialog of conv.dialogs) account.dialogs.set(dialog.dialogId, conv);
  }

  addDialog(conv: Conversation, dialog: Dialog): void {
    conv.dialogs.push(dialog);
    this.requireAccount(conv.accountId).dialogs.set(dialog.dialogId, conv);
  }

  findDialog(accountId: string, dialogId: string): { conv: Conversation; dialog: Dialog } | undefined {
    const conv = this.accounts.get(accountId)?.dialogs.get(dialogId);
    const dialog = conv?.dialogs.find((d) => d.dialogId === dialogId);
    return conv && dialog ? { conv, dialog } : undefined;
  }
}
