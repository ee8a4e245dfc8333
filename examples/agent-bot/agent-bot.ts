import type { AgentConfig } from 'node-agent-sdk';
import { type ContentEvent, MyCoolAgent } from './my-cool-agent';

/**
 * LivePerson's agent-bot main: MyCoolAgent answering each consumer message. `#close` closes the
 * conversation, `#test` drops the socket after 5 s (to try the reconnect), anything else is
 * echoed as `echo : <message>`.
 */
export function startAgentBot(conf: AgentConfig, log: (...args: unknown[]) => void = console.log): MyCoolAgent {
  const echoAgent = new MyCoolAgent(conf, log);
  echoAgent.on(echoAgent.CONTENT_NOTIFICATION, (contentEvent: ContentEvent) => {
    if (contentEvent.message.startsWith('#close')) {
      echoAgent.updateConversationField({
        conversationId: contentEvent.dialogId,
        conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }],
      });
    } else if (contentEvent.message.startsWith('#test')) {
      log('closing WS in 5s');
      setTimeout(() => {
        log('closing WS');
        // The sample reaches into the SDK for the socket; so does the port (the field is private here).
        (echoAgent as unknown as { transport: { ws: { close(): void } } | null }).transport?.ws.close();
      }, 5000);
    } else {
      echoAgent.publishEvent({
        dialogId: contentEvent.dialogId,
        event: { type: 'ContentEvent', contentType: 'text/plain', message: `echo : ${contentEvent.message}` },
      });
    }
  });
  return echoAgent;
}
