import { Agent, type AgentConfig, ConversationDesk } from 'node-agent-sdk';
import { reason } from '../lib/rest';
import { DEFAULT_GREETING, type GreetingBotOptions } from '../greeting-bot/greeting-bot';

export { DEFAULT_GREETING };

/**
 * The greeting bot (examples/greeting-bot) on the conversation desk: sees every open
 * conversation of the account, joins each new one as MANAGER and greets the consumer. It stays
 * AWAY and takes no rings. The desk reports each conversation once, across reconnects too.
 */
export function startDeskGreetingBot(config: AgentConfig, options: GreetingBotOptions = {}): { agent: Agent; desk: ConversationDesk } {
  const log = options.log ?? ((line: string) => console.log(line));
  const greeting = options.greeting ?? DEFAULT_GREETING;
  const agent = new Agent(config);
  const desk = new ConversationDesk(agent, { scope: 'all', availability: 'AWAY' });

  desk.on('ready', ({ reconnect }) => {
    if (!reconnect) log('[desk-greeting-bot] watching the open conversations of the account');
  });
  desk.on('conversation', async (conv) => {
    if (conv.myRole) return; // already in it
    try {
      await conv.join('MANAGER');
      await conv.sendText(greeting);
      log(`[desk-greeting-bot] joined and greeted ${conv.id}`);
    } catch (err) {
      log(`[desk-greeting-bot] could not greet ${conv.id}: ${reason(err)}`);
    }
  });
  desk.on('error', (err, context) => log(`[desk-greeting-bot] error at ${context.location}: ${reason(err)}`));
  agent.on('error', (err, context) => log(`[desk-greeting-bot] error${context ? ` at ${context.location}` : ''}: ${reason(err)}`));
  return { agent, desk };
}
