import type { AgentConfig } from 'node-agent-sdk';
import { reason } from '../lib/rest';
import { type ContentEventInfo, MyCoolAgent, type MyCoolAgentOptions } from './my-cool-agent';

/**
 * MyCoolAgent with answers: echoes every consumer message, and closes the conversation when the
 * consumer writes `#close`.
 */
export function startAgentBot(config: AgentConfig, options: MyCoolAgentOptions = {}): MyCoolAgent {
  const log = options.log ?? ((line: string) => console.log(line));
  const bot = new MyCoolAgent(config, { ...options, log });
  bot.on(MyCoolAgent.CONTENT, async ({ dialogId, message }: ContentEventInfo) => {
    try {
      if (message.trim().startsWith('#close')) {
        await bot.sendText(dialogId, 'Closing the conversation. Goodbye!');
        await bot.promises.updateConversationField({
          conversationId: dialogId,
          conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }],
        });
      } else {
        await bot.sendText(dialogId, `Echo: ${message}`);
      }
    } catch (err) {
      log(`[agent-bot] could not answer in ${dialogId}: ${reason(err)}`);
    }
  });
  return bot;
}
