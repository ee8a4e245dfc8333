/**
 * Who the agent is, in the two id forms LivePerson uses. The rewrites read only this,
 * never the Agent itself.
 */
export interface Identity {
  accountId: string;
  /** The agent's PID (login `config.userPid`), exposed as `agent.agentId`. */
  agentId: string | undefined;
  /** `{accountId}.{userId}`: the id the messaging service uses in requests and participant maps. */
  oldAgentId: string | undefined;
}

/**
 * `{accountId}.{userId}`. Built with `join`, which gives V8 one flat string: a template literal
 * would leave a rope of three strings (80 bytes instead of 32) for as long as the agent lives.
 */
export function oldAgentIdOf(accountId: string, userId: unknown): string {
  return [String(accountId), String(userId)].join('.');
}
