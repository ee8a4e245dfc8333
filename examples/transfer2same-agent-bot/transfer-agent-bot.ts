import type { AgentConfig } from 'node-agent-sdk';
import { type ContentEvent, MyCoolAgent, type NewConversationEvent } from '../agent-bot/my-cool-agent';
import { MsgHistoryClient, type MsgHistoryOptions } from './msg-history-client';
import { type AgentData, getAgentDataForBestConversationMCS } from './utils';

/**
 * LivePerson's TransferAgentBot: MyCoolAgent that, for each new conversation, looks up the
 * consumer's best-scored conversation in the messaging history and, when that conversation's
 * agent is ONLINE, transfers to them in one UpdateConversationField: SUGGEST that agent, REMOVE
 * itself, move to that conversation's skill.
 */
export class TransferAgentBot extends MyCoolAgent {
  msgHistoryClient: MsgHistoryClient | undefined;
  declare readonly conf: MsgHistoryOptions;

  constructor(conf: AgentConfig, log: (...args: unknown[]) => void = console.log) {
    super(conf, log);
    this.on(this.NEW_CONVERSATION, (event: NewConversationEvent) => void this.attemptTransfer(event));
  }

  async getCSDSDomains(): Promise<Record<string, string>> {
    return new Promise((resolve, reject) => {
      this.csdsClient.getAll((err: unknown, domains?: Record<string, string>) => {
        if (err) return reject(err);
        resolve(domains as Record<string, string>);
      });
    });
  }

  async getAgentStatus(consumerId: string): Promise<{ agentData: AgentData; agentCurrentStatus: string | null | undefined }> {
    const domains = await this.getCSDSDomains();
    return new Promise((resolve, reject) => {
      this.conf.msgHistDomain = domains.msgHist;
      this.conf.token = this.token;
      // The agent of the consumer's best-scored conversation.
      const client = (this.msgHistoryClient = new MsgHistoryClient(this.conf, this.log));
      client.getConsumerConversations(consumerId, (err, conversations) => {
        const agentData = getAgentDataForBestConversationMCS(conversations);
        // As in the sample, nothing settles the promise when there is no such agent.
        if (!agentData) {
          this.log('no agent data');
          return;
        }
        client.getAgentStatus(agentData.agentId, (err2, agentCurrentStatus) => {
          if (err2) return reject(err2);
          resolve({ agentData, agentCurrentStatus });
        });
      });
    });
  }

  async attemptTransfer({ change, conversation }: NewConversationEvent): Promise<void> {
    const res = await this.getAgentStatus(conversation.consumerId as string);
    this.log(res.agentCurrentStatus);
    if (res.agentCurrentStatus !== 'ONLINE') return;
    this.updateConversationField(
      {
        conversationId: change.result.convId,
        dialogId: change.result.convId,
        conversationField: [
          { field: 'ParticipantsChange', type: 'SUGGEST', userId: `${this.accountId}.${res.agentData.agentId}`, role: 'ASSIGNED_AGENT' },
          { field: 'ParticipantsChange', type: 'REMOVE', userId: this.agentId, role: 'ASSIGNED_AGENT' },
          { field: 'Skill', type: 'UPDATE', skill: res.agentData.skillId },
        ],
      },
      (err: unknown, resp: unknown) => this.log(`msg: err - ${err}, res - ${resp}`),
    );
  }
}

/** The sample's main.js: the bot, and its answers to the legacy content event. */
export function startTransferBot(conf: AgentConfig, log?: (...args: unknown[]) => void): TransferAgentBot {
  const bot = new TransferAgentBot(conf, log);
  bot.on('MyCoolAgent.ContentEvnet', (contentEvent: ContentEvent) => {
    if (contentEvent.message.startsWith('#close')) {
      bot.updateConversationField({ conversationId: contentEvent.dialogId, conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }] });
    } else {
      bot.publishEvent({ dialogId: contentEvent.dialogId, event: { type: 'ContentEvent', contentType: 'text/plain', message: `echo : ${contentEvent.message}` } });
    }
  });
  return bot;
}
