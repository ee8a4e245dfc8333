/**
 * The agent survey bot: takes conversations like the agent bot and fills in the agent survey of
 * each through the agent survey runtime API. With LP_ACCOUNT, LP_USER and LP_PASS set it runs
 * against that LivePerson account (its skills need an agent survey); otherwise against the
 * emulator, whose skills all have one: the consumer chats, asks for "submit", and the script
 * reads the submitted survey back.
 */
import { AgentSurveyClient } from 'node-agent-sdk';
import { AgentSurveyBot } from './agent-survey-bot';
import { serviceDomain } from '../lib/rest';
import { chooseTarget } from '../lib/target';
import { connected, printConversation, run, runUntilStopped, shutDown, withAutoReconnect } from '../lib/run';

run(async () => {
  const target = await chooseTarget();
  console.log(`Agent survey bot against ${target.describe}`);
  const bot = new AgentSurveyBot(withAutoReconnect(target.config));
  if (!target.emulator) return runUntilStopped([bot]);

  const emulator = target.emulator;
  printConversation(emulator);
  await connected(bot);
  const consumer = emulator.consumer({ profile: { firstName: 'Ada' } });
  const convId = await consumer.startConversation();
  await consumer.waitForMessage(/^Hello Ada/);
  await consumer.send('My order arrived, thanks!');
  await consumer.waitForMessage('Noted.');
  await consumer.send('submit');
  await consumer.waitForMessage(/^Agent survey: /);

  const rflDomain = await serviceDomain(target.config, 'runtimeFormLogic');
  const client = new AgentSurveyClient({ rflDomain, accountId: emulator.accountId, token: bot.getBearerToken() as string, ca: emulator.ca });
  const state = await client.getAgentSurveyState(convId, '-1');
  console.log(`[script] the agent survey is ${state.data.agentSurveyContext.agentSurveyStatus}:`);
  for (const q of state.data.questions) console.log(`  ${q.text} → ${JSON.stringify(q.questionState)}`);
  await consumer.close();
  await shutDown([bot], emulator);
});
