import type { IncomingMessage, ServerResponse } from 'http';
import type { Connection } from './connection';
import type { AgentUser, Conversation } from './model';
import { authorize, errorBody, readJson, sendJson } from './rest';
import type { Json } from './rest';
import type { Sessions } from './sessions';
import type { Account, State } from './state';

/**
 * The two `msgHist` endpoints LivePerson's return-to-same-agent example uses:
 * - `POST /messaging_history/api/account/{id}/conversations/consumer/search` (Messaging
 *   Interactions: a consumer's conversations, newest first, each as `{info:{…}}`);
 * - `POST /messaging_history/api/account/{id}/agent-view/status` (Agent Metrics: `currentStatus`
 *   of agents; an agent without an open messaging socket is OFFLINE).
 * Field names follow LivePerson's pages; `mcs` (the meaningful connection score) is
 * emulator-defined: every closed conversation scores {@link EMULATED_MCS}, an open one has no
 * score yet (so a bot ranking a consumer's conversations by score never picks the one it is in).
 */

export const EMULATED_MCS = 50;

const SEARCH_PATH = /^\/messaging_history\/api\/account\/([^/]+)\/conversations\/consumer\/search\/?$/;
const STATUS_PATH = /^\/messaging_history\/api\/account\/([^/]+)\/agent-view\/status\/?$/;
const MAX_LIMIT = 100;

/** LivePerson's history timestamps: `2017-10-25 05:23:17.232+0000`. */
const historyTime = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '+0000');

/** What history reads: bearer sessions, accounts, and the open sockets (an agent without one is OFFLINE). */
export interface HistoryDeps {
  sessions: Pick<Sessions, 'byBearer'>;
  state: Pick<State, 'account'>;
  connections: ReadonlySet<Connection>;
}

export class HistoryApi {
  constructor(private readonly deps: HistoryDeps) {}

  /** Answers the request if it is a history route; false otherwise. */
  async handle(req: IncomingMessage, url: URL, res: ServerResponse): Promise<boolean> {
    const search = SEARCH_PATH.exec(url.pathname);
    const status = search ? null : STATUS_PATH.exec(url.pathname);
    if (!search && !status) return false;
    const body = await readJson(req);
    const accountId = decodeURIComponent((search ?? status)![1]);
    if (!authorize(this.deps.sessions, req, res, accountId)) return true;
    const account = this.deps.state.account(accountId);
    if (req.method !== 'POST' || !account) {
      sendJson(res, req.method !== 'POST' ? 405 : 404, errorBody(account ? 'Method not allowed' : 'Account not found', 404, 'ERROR'));
    } else if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      sendJson(res, 400, errorBody('Bad request: the body must be a JSON object', 400, 'BAD_REQUEST'));
    } else if (search) {
      this.consumerConversations(account, url, (body ?? {}) as Json, res);
    } else {
      this.agentStatus(account, (body ?? {}) as Json, res);
    }
    return true;
  }

  private consumerConversations(account: Account, url: URL, body: Json, res: ServerResponse): void {
    if (typeof body.consumer !== 'string' || body.consumer === '') {
      return sendJson(res, 400, errorBody('Bad request: consumer is required', 400, 'BAD_REQUEST'));
    }
    const statuses = Array.isArray(body.status) ? body.status : undefined;
    const offset = Math.max(0, Number(url.searchParams.get('offset') ?? 0) || 0);
    const limit = Math.min(MAX_LIMIT, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
    // Newest first; reversing before the (stable) sort also puts the later of two same-millisecond starts first.
    const all = [...account.conversations.values()]
      .filter((c) => c.consumer.id === body.consumer && (!statuses || statuses.includes(c.stage)))
      .reverse()
      .sort((a, b) => b.startTs - a.startTs);
    sendJson(res, 200, {
      _metadata: { count: all.length },
      conversationHistoryRecords: all.slice(offset, offset + limit).map((c) => ({ info: this.info(account, c) })),
    });
  }

  private info(account: Account, conv: Conversation) {
    const agent = latestAgent(account, conv);
    const skill = account.skills.get(conv.skillId);
    return {
      conversationId: conv.convId,
      brandId: account.id,
      status: conv.stage,
      startTime: historyTime(conv.startTs),
      startTimeL: conv.startTs,
      ...(conv.endTs !== undefined && {
        endTime: historyTime(conv.endTs),
        endTimeL: conv.endTs,
        duration: conv.endTs - conv.startTs,
        closeReason: conv.closeReason,
      }),
      ...(agent && {
        latestAgentId: agent.userId,
        latestAgentLoginName: agent.username,
        latestAgentNickname: agent.username,
        latestAgentFullName: agent.username,
      }),
      latestSkillId: Number(conv.skillId),
      latestSkillName: skill?.name ?? '',
      ...(conv.stage === 'CLOSE' && { mcs: EMULATED_MCS }),
    };
  }

  private agentStatus(account: Account, body: Json, res: ServerResponse): void {
    const wanted = Array.isArray(body.agentIds) ? body.agentIds.map(String) : undefined;
    const agents = [...account.agents.values()].filter(
      (a) => !wanted || wanted.includes(a.userId) || wanted.includes(a.oldAgentId) || wanted.includes(a.userPid),
    );
    sendJson(res, 200, {
      _metadata: { count: agents.length },
      agentStatusRecords: agents.map((a) => ({
        agentId: a.userId,
        agentLoginName: a.username,
        agentNickname: a.username,
        agentGroupId: -1,
        currentStatus: this.isConnected(a) ? a.availability : 'OFFLINE',
      })),
    });
  }

  private isConnected(agent: AgentUser): boolean {
    return [...this.deps.connections].some((c) => c.isOpen && c.agent === agent);
  }
}

/** The assigned agent; after a transfer took it away, the last agent who wrote in the MAIN dialog. */
function latestAgent(account: Account, conv: Conversation): AgentUser | undefined {
  const assigned = conv.participants.filter((p) => p.role === 'ASSIGNED_AGENT' && p.party.agent).pop();
  if (assigned) return assigned.party.agent;
  const main = conv.dialogs[0];
  for (let i = main.events.length - 1; i >= 0; i--) {
    const pid = main.events[i].record.originatorPId;
    const agent = [...account.agents.values()].find((a) => a.userPid === pid);
    if (agent) return agent;
  }
  return undefined;
}
