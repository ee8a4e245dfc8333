import type { ConversationHistoryRecord } from './msg-history-client';

/** The agent and skill of a conversation, with its meaningful connection score. */
export interface AgentData {
  mcs: number;
  agentId: string;
  skillId: number | string;
}

/**
 * LivePerson's `getAgentDataForBestConversationMCS`: of the consumer's latest conversations with
 * a score, the one with the highest `mcs` (on a tie, the one listed last); false when none has a
 * score.
 */
export function getAgentDataForBestConversationMCS(data: { conversationHistoryRecords: ConversationHistoryRecord[] }): AgentData | false | undefined {
  const conversations = data.conversationHistoryRecords;
  const mcsArr: AgentData[] = [];
  conversations.forEach((conversation) => {
    if (conversation && conversation.info && conversation.info.mcs) {
      mcsArr.push({ mcs: conversation.info.mcs, agentId: conversation.info.latestAgentId as string, skillId: conversation.info.latestSkillId as number });
    }
  });
  mcsArr.sort((a, b) => a.mcs - b.mcs);
  return mcsArr && mcsArr.length > 0 && mcsArr.pop();
}
