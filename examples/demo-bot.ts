import { Agent, type AgentConfig, type MessagingEventChange, type RequestError } from 'node-agent-sdk';

/** A request's error as one line: the SDK's message, or the service's error body. */
const reasonOf = (err: RequestError): string => (err instanceof Error ? err.message : JSON.stringify(err.body));

export interface DemoBotOptions {
  /** Receives one line per thing worth telling. Default: console.log. */
  log?: (line: string) => void;
}

/**
 * The bot `npm start` runs: goes ONLINE, accepts every ring, greets the consumer, answers each
 * message, and closes the conversation when the consumer says "bye".
 */
export function startDemoBot(config: AgentConfig, options: DemoBotOptions = {}): Agent {
  const log = options.log ?? ((line: string) => console.log(line));
  const agent = new Agent(config);
  const greeted = new Set<string>();

  agent.on('connected', async () => {
    log(`[bot] connected as ${agent.agentId}`);
    try {
      await agent.promises.setAgentState({ availability: 'ONLINE' });
      await agent.promises.subscribeRoutingTasks({});
      await agent.promises.subscribeExConversations({ convState: ['OPEN'], agentIds: [agent.agentId as string] });
      log('[bot] ONLINE, waiting for conversations');
    } catch (err) {
      log(`[bot] set-up failed: ${(err as Error).message}`);
    }
  });

  agent.on('routing.RoutingTaskNotification', (body) => {
    for (const change of body.changes) {
      if (change.type !== 'UPSERT') continue;
      for (const ring of change.result.ringsDetails) {
        if (ring.ringState !== 'WAITING') continue;
        log(`[bot] ring for conversation ${change.result.conversationId}: accepting`);
        agent.updateRingState({ ringId: ring.ringId, ringState: 'ACCEPTED' }, (err) => {
          if (err) log(`[bot] accept failed: ${reasonOf(err)}`);
        });
      }
    }
  });

  agent.on('cqm.ExConversationChangeNotification', (body) => {
    for (const change of body.changes) {
      const convId = change.result.convId;
      const mine = change.result.conversationDetails.participants.some((p) => p.id === agent.agentId && p.role === 'ASSIGNED_AGENT');
      if (change.type === 'UPSERT' && mine && change.result.conversationDetails.state === 'OPEN' && !greeted.has(convId)) {
        greeted.add(convId);
        say(agent, convId, 'Hello! I am the demo bot. Say "bye" to end the conversation.');
        agent.subscribeMessagingEvents({ dialogId: convId }, (err) => err && log(`[bot] query failed: ${reasonOf(err)}`));
      } else if (change.type === 'DELETE') {
        greeted.delete(convId);
      }
    }
  });

  agent.on('ms.MessagingEventNotification', (body) => {
    for (const change of body.changes) handleEvent(agent, body.dialogId, change, log);
  });

  agent.on('error', (err, context) => log(`[bot] error${context ? ` at ${context.location}` : ''}: ${err.message}`));
  agent.on('closed', (code) => log(`[bot] socket closed (${code})`));
  return agent;
}

function handleEvent(agent: Agent, dialogId: string, change: MessagingEventChange, log: (line: string) => void): void {
  if (change.__isMe || change.originatorMetadata?.role !== 'CONSUMER') return;
  if (change.event.type !== 'ContentEvent' || typeof change.event.message !== 'string') return;
  if (typeof change.sequence === 'number') {
    agent.publishEvent({ dialogId, event: { type: 'AcceptStatusEvent', status: 'READ', sequenceList: [change.sequence] } });
  }
  const text = change.event.message;
  if (/^bye\b/i.test(text.trim())) {
    say(agent, dialogId, 'Goodbye!');
    agent.updateConversationField(
      { conversationId: dialogId, conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }] },
      (err) => log(err ? `[bot] close failed: ${reasonOf(err)}` : `[bot] closed conversation ${dialogId}`),
    );
    return;
  }
  say(agent, dialogId, `You said: "${text}" (${text.length} characters)`);
}

function say(agent: Agent, dialogId: string, message: string): void {
  agent.publishEvent({ dialogId, event: { type: 'ChatStateEvent', chatState: 'COMPOSING' } });
  agent.publishEvent({ dialogId, event: { type: 'ContentEvent', contentType: 'text/plain', message } });
  agent.publishEvent({ dialogId, event: { type: 'ChatStateEvent', chatState: 'ACTIVE' } });
}
