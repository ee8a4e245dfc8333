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
