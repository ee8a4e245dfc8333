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
import { connected, runSample } from '../lib/run';

runSample({
  title: 'Agent survey bot',
  start: (config) => new AgentSurveyBot(config),
  script: async (emulator, bot, config) => {
    await connected(bot);
    const consumer = emulator.consumer({ profile: { firstName: 'Ada' } });
    const convId = await consumer.startConversation();
    await consumer.waitForMessage(/^Hello Ada/);
    await consumer.send('My order arrived, thanks!');
    await consumer.waitForMessage('Noted.');
    await consumer.send('submit');
    await consumer.waitForMessage(/^Agent survey: /);

    const rflDomain = await serviceDomain(config, 'runtimeFormLogic');
    const client = new AgentSurveyClient({ rflDomain, accountId: emulator.accountId, token: bot.getBearerToken() as string, ca: emulator.ca });
    const state = await client.getAgentSurveyState(convId, '-1');
    console.log(`[script] the agent survey is ${state.data.agentSurveyContext.agentSurveyStatus}:`);
    for (const q of state.data.questions) console.log(`  ${q.text} → ${JSON.stringify(q.questionState)}`);
    await consumer.close();
  },
});
