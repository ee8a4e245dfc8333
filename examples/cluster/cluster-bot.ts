import type { FleetAgentConfig } from 'node-agent-sdk/fleet';
import { type ContentEvent, MyCoolAgent } from '../agent-bot/my-cool-agent';

/**
 * The sample's `createNewAgent`: a MyCoolAgent for one bot user that answers every consumer
 * message with `response from <bot id>` and closes the conversation on `#close`.
 */
export function createAgent(newAgentConf: FleetAgentConfig, log: (...args: unknown[]) => void = console.log): MyCoolAgent {
  const newAgent = new MyCoolAgent(newAgentConf, log);
  newAgent.on(newAgent.CONTENT_NOTIFICATION_LEGACY, (contentEvent: ContentEvent) => {
    if (contentEvent.message.startsWith('#close')) {
      newAgent.updateConversationField({
        conversationId: contentEvent.dialogId,
        conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }],
      });
    } else {
      newAgent.publishEvent({
        dialogId: contentEvent.dialogId,
        event: { type: 'ContentEvent', contentType: 'text/plain', message: `response from ${newAgent.conf.id}` },
      });
    }
  });
  newAgent.on('closed', () => log(`closed connection for ${newAgent.conf.id}`));
  return newAgent;
}

export default createAgent;
