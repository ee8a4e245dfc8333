import type { AgentConfig, RoutingTaskNotification } from 'node-agent-sdk';
import { Bot, type BotContentEvent, type BotLog } from './bot';

/** The skill the sample transfers to (an id of LivePerson's own account). */
export const SAMPLE_TRANSFER_SKILL = '277498214';

/** The card `content` sends. */
export const PRODUCT_CARD = {
  type: 'vertical',
  elements: [
    { type: 'text', text: 'Product Name', tooltip: 'text tooltip', style: { bold: true, size: 'large' } },
    { type: 'text', text: 'Product description', tooltip: 'text tooltip' },
    { type: 'button', tooltip: 'button tooltip', title: 'Add to cart', click: { actions: [{ type: 'link', name: 'Add to cart', uri: 'http://www.google.com' }] } },
  ],
};

/**
 * LivePerson's extended-agent-class agent.js: the Bot in its default state (ONLINE, its own
 * conversations), accepting every ring and answering consumer messages: `transfer` (to
 * `transferSkill`), `close`, `time`, `date`, `content` (a card); anything else `you said …!`.
 */
export function startAgent(config: AgentConfig, transferSkill = SAMPLE_TRANSFER_SKILL, log?: BotLog): Bot {
  const agent = new Bot(config, 'ONLINE', false, 300000, log);
  const info = (line: string) => (log ?? ((_level: string, text: string) => console.log(text)))('info', line);

  agent.on(Bot.const.CONNECTED, (data: unknown) => info(`[agent.js] CONNECTED ${JSON.stringify(data)}`));
  agent.on(Bot.const.ROUTING_NOTIFICATION, (data: RoutingTaskNotification) => {
    info(`[agent.js] ROUTING_NOTIFICATION ${JSON.stringify(data)}`);
    if (data.changes.length > 0) agent.acceptWaitingConversations(data);
  });
  agent.on(Bot.const.CONTENT_NOTIFICATION, (event: BotContentEvent) => {
    info(`[agent.js] CONTENT_NOTIFICATION ${JSON.stringify(event)}`);
    if (event.originator?.role !== 'CONSUMER') return;
    switch (event.message.toLowerCase()) {
      case 'transfer':
        agent.sendText(event.dialogId, 'transferring you to a new skill');
        agent.transferConversation(event.dialogId, transferSkill);
        break;
      case 'close':
        agent.closeConversation(event.dialogId);
        break;
      case 'time':
        agent.sendText(event.dialogId, new Date().toTimeString());
        break;
      case 'date':
        agent.sendText(event.dialogId, new Date().toDateString());
        break;
      case 'content':
        agent.sendRichContent(event.dialogId, { id: Math.floor(Math.random() * 100000).toString(), content: PRODUCT_CARD });
        break;
      default:
        agent.sendText(event.dialogId, `you said ${event.message}!`);
    }
  });
  agent.on('error', (e: unknown) => (log ?? ((_l: string, t: string) => console.error(t)))('error', `[agent.js] ${JSON.stringify(e)}`));
  return agent;
}

/**
 * LivePerson's extended-agent-class reader.js: the Bot AWAY, watching all open conversations,
 * joining each one it is not part of as READER (silently).
 */
export function startReader(config: AgentConfig, log?: BotLog): Bot {
  const reader = new Bot(config, 'AWAY', true, 300000, log);
  reader.on(Bot.const.CONVERSATION_NOTIFICATION, (event: { changes: Array<{ result: { convId: string; conversationDetails: Parameters<Bot['isPIDaParticipant']>[0] } }> }) => {
    event.changes.forEach((change) => {
      if (!reader.isPIDaParticipant(change.result.conversationDetails)) reader.joinConversation(change.result.convId, 'READER');
    });
  });
  return reader;
}
