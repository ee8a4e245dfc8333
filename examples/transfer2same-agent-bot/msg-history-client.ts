import type { AgentConfig } from 'node-agent-sdk';
import { rest } from '../lib/rest';

/** The options the sample passes: the agent's conf with `msgHistDomain` and `token` set on it. */
export interface MsgHistoryOptions extends AgentConfig {
  msgHistDomain?: string;
}

const agentStatusUrl = ({ msgHistDomain, accountId }: MsgHistoryOptions) => `https://${msgHistDomain}/messaging_history/api/account/${accountId}/agent-view/status`;
const consumerConversationsUrl = ({ msgHistDomain, accountId }: MsgHistoryOptions) =>
  `https://${msgHistDomain}/messaging_history/api/account/${accountId}/conversations/consumer/search?offset=0&limit=10`;

/** One record of the consumer search, as far as the sample reads it. */
export interface ConversationHistoryRecord {
  info?: { mcs?: number; latestAgentId?: string; latestSkillId?: number | string; [key: string]: unknown };
}

/**
 * LivePerson's MsgHistoryClient: two POSTs to the messaging history (`msgHist`) with the agent's
 * bearer token, answered through node-style callbacks.
 */
export class MsgHistoryClient {
  readonly options: MsgHistoryOptions;

  constructor(
    options: MsgHistoryOptions,
    private readonly log: (...args: unknown[]) => void = console.log,
  ) {
    this.options = { ...options };
  }

  /** `currentStatus` of the agent's first status record, or null. */
  getAgentStatus(agentId: string, cb: (err: unknown, currentStatus?: string | null) => void): void {
    this.post(agentStatusUrl(this.options), { agentIds: [agentId] }, (err, body) => {
      if (err) return cb(err);
      cb(null, body.agentStatusRecords[0] ? body.agentStatusRecords[0].currentStatus : null);
    });
  }

  getConsumerConversations(consumerId: string, cb: (err: unknown, body?: any) => void): void {
    this.post(consumerConversationsUrl(this.options), { consumer: consumerId, contentToRetrieve: [] }, cb);
  }

  /** The sample's `request.post({json: true})`: the parsed body whatever the status; a 401 is only logged. */
  private post(url: string, body: unknown, cb: (err: unknown, body?: any) => void): void {
    rest(this.options, { method: 'POST', url, body, headers: { Authorization: `Bearer ${this.options.token}` } }).then(
      (response) => {
        if (response.status === 401) this.log(response);
        let parsed: unknown;
        try {
          parsed = response.json();
        } catch {
          parsed = response.body.toString('utf8');
        }
        cb(null, parsed);
      },
      (err) => cb(err),
    );
  }
}
