import { Agent, type AgentConfig } from 'node-agent-sdk';
import { reason } from '../lib/rest';

export interface GreetingBotOptions {
  /** What the bot says in each conversation it joins. */
  greeting?: string;
  /** Receives one line per thing worth telling. Default: console.log. */
  log?: (line: string) => void;
}

export const DEFAULT_GREETING = 'Welcome! Thanks for reaching out, an agent will be with you shortly.';

/**
 * Watches every open conversation of the account, joins each new one as MANAGER and greets the
 * consumer. It never takes conversations itself: it stays AWAY and does not subscribe to routing.
 * The user needs the Agent Manager permission to join conversations it was not assigned.
 */
export function startGreetingBot(config: AgentConfig, options: GreetingBotOptions = {}): Agent {
  const log = options.log ?? ((line: string) => console.log(line));
  const greeting = options.greeting ?? DEFAULT_GREETING;
  const agent = new Agent(config);
  // Conversations already looked at; the initial batch after a reconnect repeats them.
  const seen = new Set<string>();

  agent.on('connected', async () => {
    try {
      await agent.promises.setAgentState({ availability: 'AWAY' });
      // No agentIds filter: every open conversation of the account, not only the bot's.
      await agent.promises.subscribeExConversations({ convState: ['OPEN'] });
      log('[greeting-bot] watching the open conversations of the account');
    } catch (err) {
      log(`[greeting-bot] set-up failed: ${reason(err)}`);
    }
  });

  agent.on('cqm.ExConversationChangeNotification', (body) => {
    for (const change of body.changes) {
      const convId = change.result.convId;
      if (change.type === 'DELETE') {
        seen.delete(convId);
      } else if (!seen.has(convId)) {
        seen.add(convId);
        const joined = change.result.conversationDetails.participants.some((p) => p.id === agent.agentId);
        if (!joined) void greet(convId);
      }
    }
  });

  async function greet(conversationId: string): Promise<void> {
    try {
      await agent.promises.updateConversationField({
        conversationId,
        conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER' }],
      });
      await agent.promises.publishEvent({ dialogId: conversationId, event: { type: 'ContentEvent', contentType: 'text/plain', message: greeting } });
      log(`[greeting-bot] joined and greeted ${conversationId}`);
    } catch (err) {
      log(`[greeting-bot] could not greet ${conversationId}: ${reason(err)}`);
    }
  }

  agent.on('error', (err, context) => log(`[greeting-bot] error${context ? ` at ${context.location}` : ''}: ${reason(err)}`));
  return agent;
}
