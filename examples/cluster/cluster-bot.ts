import type { FleetAgentConfig } from 'node-agent-sdk/fleet';
import { MyCoolAgent } from '../agent-bot/my-cool-agent';
import { reason } from '../lib/rest';
import { withAutoReconnect } from '../lib/run';

/**
 * The bot every worker of the cluster runs, one per bot user: MyCoolAgent answering each
 * consumer message with `response from <bot id>` and closing the conversation on `#close`.
 */
export function createAgent(conf: FleetAgentConfig): MyCoolAgent {
  const log = (line: string) => console.log(`[${conf.id}] ${line}`);
  const bot = new MyCoolAgent(withAutoReconnect(conf), { log });
  bot.on(MyCoolAgent.CONTENT, ({ dialogId, message }: { dialogId: string; message: string }) => {
    const answer = message.startsWith('#close')
      ? bot.promises.updateConversationField({ conversationId: dialogId, conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }] })
      : bot.sendText(dialogId, `response from ${conf.id}`);
    answer.catch((err: unknown) => log(`could not answer: ${reason(err)}`));
  });
  bot.on('closed', () => log('closed connection'));
  return bot;
}

export default createAgent;
