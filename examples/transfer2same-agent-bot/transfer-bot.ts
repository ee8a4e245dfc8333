import type { AgentConfig } from 'node-agent-sdk';
import { type ContentEventInfo, MyCoolAgent, type MyCoolAgentOptions, type NewConversationInfo } from '../agent-bot/my-cool-agent';
import { reason, serviceDomain } from '../lib/rest';
import { MessagingHistoryClient, bestPreviousConversation } from './history-client';

/** `(info: TransferInfo)` once the conversation is handed over. */
export const TRANSFERRED = 'TransferBot.Transferred';

export interface TransferInfo {
  conversationId: string;
  /** Numeric user id and login name of the agent it went back to. */
  agentId: string;
  agentName?: string;
  skillId: string;
}

/**
 * A front-desk bot that sends returning consumers back to the agent who helped them before. For
 * each new conversation it looks up the consumer's earlier conversations in the messaging
 * history, picks the best one, and when that conversation's agent is ONLINE transfers to them:
 * one request that suggests the agent (SUGGEST ASSIGNED_AGENT), removes the bot and moves the
 * conversation to the agent's skill. Otherwise it stays and echoes; `#close` closes.
 * Needs the account's transfer-to-agent feature and API version 2.1 (the SDK's default).
 */
export class TransferBot extends MyCoolAgent {
  constructor(config: AgentConfig, options: MyCoolAgentOptions = {}) {
    // The bot greets itself, once it knows whether it transfers.
    super(config, { ...options, welcome: () => undefined });
    this.on(MyCoolAgent.NEW_CONVERSATION, (info: NewConversationInfo) => void this.greetOrTransfer(info));
    this.on(MyCoolAgent.CONTENT, (info: ContentEventInfo) => void this.answer(info));
  }

  private async greetOrTransfer({ conversationId, consumerId }: NewConversationInfo): Promise<void> {
    try {
      const name = await this.consumerName(consumerId).catch(() => undefined);
      const previous = await this.previousAgent(consumerId, conversationId).catch((err) => {
        this.log(`[transfer-bot] no history lookup for ${conversationId}: ${reason(err)}`);
        return undefined;
      });
      if (!previous) {
        await this.sendText(conversationId, `Hello${name ? ` ${name}` : ''}! How can I help?`);
        return;
      }
      const who = previous.agentName ?? 'the agent';
      await this.sendText(conversationId, `Welcome back${name ? ` ${name}` : ''}! I'm handing you over to ${who}, who helped you last time.`);
      await this.promises.updateConversationField({
        conversationId,
        conversationField: [
          { field: 'ParticipantsChange', type: 'SUGGEST', userId: `${this.accountId}.${previous.agentId}`, role: 'ASSIGNED_AGENT' },
          // Without a userId the SDK puts the bot's own id: the bot leaves.
          { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT' },
          { field: 'Skill', type: 'UPDATE', skill: previous.skillId },
        ],
      });
      this.log(`[transfer-bot] ${conversationId} transferred back to ${previous.agentName ?? previous.agentId}`);
      this.emit(TRANSFERRED, { conversationId, ...previous });
    } catch (err) {
      this.log(`[transfer-bot] could not greet or transfer ${conversationId}: ${reason(err)}`);
    }
  }

  /** The agent of the consumer's best earlier conversation, if that agent is ONLINE now. */
  private async previousAgent(consumerId: string, conversationId: string): Promise<Omit<TransferInfo, 'conversationId'> | undefined> {
    const token = this.getBearerToken() ?? this.conf.token;
    if (!token) throw new Error('no bearer token');
    const history = new MessagingHistoryClient(this.conf, await serviceDomain(this.conf, 'msgHist'), token);
    const best = bestPreviousConversation(await history.consumerConversations(consumerId), conversationId, this.userId);
    if (!best?.latestAgentId) return undefined;
    const status = await history.agentStatus(best.latestAgentId);
    this.log(`[transfer-bot] ${best.latestAgentLoginName ?? best.latestAgentId} handled conversation ${best.conversationId} and is ${status}`);
    if (status !== 'ONLINE') return undefined;
    return { agentId: best.latestAgentId, agentName: best.latestAgentLoginName, skillId: String(best.latestSkillId) };
  }

  private async answer({ dialogId, message }: ContentEventInfo): Promise<void> {
    try {
      if (message.trim().startsWith('#close')) {
        await this.promises.updateConversationField({ conversationId: dialogId, conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }] });
      } else {
        await this.sendText(dialogId, `Echo: ${message}`);
      }
    } catch (err) {
      this.log(`[transfer-bot] could not answer in ${dialogId}: ${reason(err)}`);
    }
  }
}
