import { Agent, type AgentConfig, ConversationDesk } from 'node-agent-sdk';
import { reason } from '../lib/rest';

export interface DeskAgentBotOptions {
  /** The first thing said in a new conversation (nothing when it returns undefined). Default: a hello with the consumer's name. */
  welcome?: (consumerName: string | undefined) => string | undefined;
  /** Receives one line per thing worth telling. Default: console.log. */
  log?: (line: string) => void;
}

/**
 * The agent bot (examples/agent-bot) on the conversation desk: ONLINE, accepts every ring,
 * greets the consumer by name, marks each consumer message READ and echoes it; `#close` ends
 * the conversation. The desk does the bookkeeping MyCoolAgent does by hand: profile, history,
 * one report per message.
 */
export function startDeskAgentBot(config: AgentConfig, options: DeskAgentBotOptions = {}): { agent: Agent; desk: ConversationDesk } {
  const log = options.log ?? ((line: string) => console.log(line));
  const welcome = options.welcome ?? ((name) => `Hello${name ? ` ${name}` : ''}! You are talking to MyCoolAgent, a bot.`);
  const agent = new Agent(config);
  const desk = new ConversationDesk(agent, { autoAccept: true });
  // Answers wait for the welcome, which is sent when the conversation is announced.
  const greeted = new Map<string, Promise<unknown>>();

  desk.on('ready', () => log(`[desk-agent-bot] ONLINE as ${agent.agentId}`));
  desk.on('conversation', (conv) => {
    const name = [conv.consumer.firstName, conv.consumer.lastName].filter(Boolean).join(' ') || undefined;
    const text = welcome(name);
    greeted.set(conv.id, text === undefined ? Promise.resolve() : conv.sendText(text).catch((err) => log(`[desk-agent-bot] could not greet in ${conv.id}: ${reason(err)}`)));
  });
  desk.on('message', async (conv, message) => {
    if (message.fromMe || message.role !== 'CONSUMER' || message.text === undefined) return;
    try {
      await conv.sendEvent({ type: 'AcceptStatusEvent', status: 'READ', sequenceList: [message.sequence] });
      await greeted.get(conv.id);
      if (message.text.trim().startsWith('#close')) {
        await conv.sendText('Closing the conversation. Goodbye!');
        await conv.close();
      } else {
        await conv.sendText(`Echo: ${message.text}`);
      }
    } catch (err) {
      log(`[desk-agent-bot] could not answer in ${conv.id}: ${reason(err)}`);
    }
  });
  desk.on('close', (conv) => greeted.delete(conv.id));
  desk.on('error', (err, context) => log(`[desk-agent-bot] error at ${context.location}: ${reason(err)}`));
  agent.on('error', (err, context) => log(`[desk-agent-bot] error${context ? ` at ${context.location}` : ''}: ${reason(err)}`));
  return { agent, desk };
}
