import { Agent, type AgentConfig } from 'node-agent-sdk';
import { reason } from './rest';

/**
 * Stands in for a human agent in the offline runs: goes ONLINE, accepts its rings and says one
 * line in each conversation it gets.
 */
export function startHumanAgent(config: AgentConfig, greeting: string, log: (line: string) => void = () => undefined): Agent {
  const agent = new Agent(config);
  const greeted = new Set<string>();
  agent.on('connected', async () => {
    try {
      await agent.promises.setAgentState({ availability: 'ONLINE' });
      await agent.promises.subscribeRoutingTasks({});
      await agent.promises.subscribeExConversations({ agentIds: [agent.agentId as string], convState: ['OPEN'] });
    } catch (err) {
      log(`[human] set-up failed: ${reason(err)}`);
    }
  });
  agent.on('routing.RoutingTaskNotification', (body) => {
    for (const ring of body.changes.flatMap((c) => (c.type === 'UPSERT' ? c.result.ringsDetails : []))) {
      if (ring.ringState === 'WAITING') agent.promises.updateRingState({ ringId: ring.ringId, ringState: 'ACCEPTED' }).catch((err) => log(`[human] ${reason(err)}`));
    }
  });
  agent.on('cqm.ExConversationChangeNotification', (body) => {
    for (const change of body.changes) {
      const convId = change.result.convId;
      if (change.type === 'DELETE' || greeted.has(convId)) continue;
      greeted.add(convId);
      const event = { type: 'ContentEvent' as const, contentType: 'text/plain' as const, message: greeting };
      agent.promises.publishEvent({ dialogId: convId, event }).catch((err) => log(`[human] ${reason(err)}`));
    }
  });
  agent.on('error', (err) => log(`[human] error: ${reason(err)}`));
  return agent;
}
