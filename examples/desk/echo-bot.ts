import { Agent, type AgentConfig, ConversationDesk } from 'node-agent-sdk';

/** The README's desk example: takes every conversation, greets, echoes, and says goodbye on `bye`. */
export function startEchoBot(config: AgentConfig): Agent {
  const agent = new Agent({ ...config, autoReconnect: true });
  const desk = new ConversationDesk(agent, { autoAccept: true });

  desk.on('conversation', (conv) => {
    void conv.sendText(`Hi ${conv.consumer.firstName ?? 'there'}, I repeat what you say.`, { quickReplies: ['bye'] });
  });

  desk.on('message', async (conv, message) => {
    if (message.fromMe || message.role !== 'CONSUMER') return;
    try {
      if (message.text === 'bye') {
        await conv.sendText('Goodbye!');
        await conv.close();
      } else {
        await conv.sendText(`Echo: ${message.text ?? '(not text)'}`);
      }
    } catch (err) {
      console.error(`could not answer in ${conv.id}:`, (err as Error).message);
    }
  });

  desk.on('close', (conv, { closeReason }) => console.log(`${conv.id} closed by ${closeReason ?? 'someone'}`));
  desk.on('error', (err, { location }) => console.error(location, err.message));
  return agent;
}
