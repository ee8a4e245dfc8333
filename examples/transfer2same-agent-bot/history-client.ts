import type { AgentConfig } from 'node-agent-sdk';
import { rest } from '../lib/rest';

/** One conversation of the Messaging Interactions consumer search (only the fields used here). */
export interface ConversationRecord {
  info: {
    conversationId: string;
    status: 'OPEN' | 'CLOSE';
    startTimeL: number;
    /** The numeric user id of the agent who handled it last. */
    latestAgentId?: string;
    latestAgentLoginName?: string;
    latestSkillId?: number;
    /** Meaningful connection score: how well the conversation went. */
    mcs?: number;
  };
}

/** The two `msgHist` REST calls the bot needs, with the agent's bearer token. */
export class MessagingHistoryClient {
  constructor(
    private readonly config: AgentConfig,
    private readonly domain: string,
    private readonly token: string,
  ) {}

  /** The consumer's latest conversations (Messaging Interactions API), newest first. */
  async consumerConversations(consumerId: string, limit = 10): Promise<ConversationRecord[]> {
    const res = await this.post(`conversations/consumer/search?offset=0&limit=${limit}`, { consumer: consumerId, contentToRetrieve: [] });
    return res.conversationHistoryRecords ?? [];
  }

  /** `currentStatus` of an agent by numeric user id (Agent Metrics API): ONLINE, AWAY, OFFLINE… */
  async agentStatus(userId: string): Promise<string | undefined> {
    const res = await this.post('agent-view/status', { agentIds: [userId] });
    return res.agentStatusRecords?.[0]?.currentStatus;
  }

  private async post(path: string, body: unknown): Promise<any> {
    const url = `https://${this.domain}/messaging_history/api/account/${this.config.accountId}/${path}`;
    const res = await rest(this.config, { method: 'POST', url, body, headers: { Authorization: `Bearer ${this.token}` } });
    if (res.status !== 200) throw new Error(`messaging history answered ${res.status} for ${path}`);
    return res.json();
  }
}

/**
 * The conversation to go back to: the best-scored (then latest) earlier one that has an agent,
 * leaving out the current conversation and the bot itself.
 */
export function bestPreviousConversation(records: ConversationRecord[], currentId: string, botUserId?: string): ConversationRecord['info'] | undefined {
  return records
    .map((r) => r.info)
    .filter((info) => info.conversationId !== currentId && info.latestAgentId && info.latestAgentId !== botUserId)
    .sort((a, b) => (b.mcs ?? 0) - (a.mcs ?? 0) || b.startTimeL - a.startTimeL)[0];
}
