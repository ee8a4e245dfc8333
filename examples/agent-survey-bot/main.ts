/**
 * The agent survey bot: accepts every ring and fills in the agent survey of each conversation
 * through the agent survey runtime API, storing the prepared answers in answers.json (in a
 * temporary folder offline) until the conversation closes or the consumer writes "submit" or
 * "dismiss". With LP_ACCOUNT, LP_USER and LP_PASS set it runs against that LivePerson account
 * (its skills need an agent survey); otherwise against the emulator, whose skills all have one.
 */
import * as os from 'os';
import * as path from 'path';
import { AgentSurveyClient } from 'node-agent-sdk';
import { AgentSurveyBot } from './agent-survey-bot';
import { wireSurveyFlow } from './survey-flow';
import { serviceDomain } from '../lib/rest';
import { connected, runSample } from '../lib/run';

/** Offline, the script waits for the bot to have stored its answers before the consumer closes. */
let answersStored: () => void = () => undefined;
const stored = new Promise<void>((resolve) => (answersStored = resolve));
function log(...args: unknown[]): void {
  console.log(...args);
  if (args[0] === 'Submit body was successfully stored!') answersStored();
}

runSample({
  title: 'Agent survey bot',
  plainConfig: true,
  start: (config, emulator) => {
    const surveyBot = new AgentSurveyBot(config, log);
    wireSurveyFlow(surveyBot, emulator ? path.join(os.tmpdir(), `agent-survey-answers-${process.pid}.json`) : 'answers.json');
    surveyBot.on('closed', () => {
      clearInterval(surveyBot._pingClock);
      surveyBot.reconnect(); // a new token, as 4401 and 4407 need
    });
    return surveyBot;
  },
  script: async (emulator, bot, config) => {
    await connected(bot);
    const consumer = emulator.consumer({ profile: { firstName: 'Ada' } });
    const convId = await consumer.startConversation();
    await stored;
    await consumer.send('My order arrived, thanks!');
    await consumer.close();
    const submitted = await waitForStatus(emulator.host, convId, config, bot, 'submitted');
    console.log(`[script] the agent survey is ${submitted.data.agentSurveyContext.agentSurveyStatus}:`);
    for (const q of submitted.data.questions) console.log(`  ${q.text} → ${JSON.stringify(q.questionState)}`);
  },
});

/** Reads the survey state with a client of its own until it has the wanted status. */
async function waitForStatus(host: string, convId: string, config: { accountId: string; ca?: unknown }, bot: AgentSurveyBot, status: string) {
  const rflDomain = await serviceDomain(config as never, 'runtimeFormLogic').catch(() => host);
  const client = new AgentSurveyClient({ rflDomain, accountId: config.accountId, token: bot.getBearerToken() as string, ca: config.ca as string });
  for (;;) {
    const state = await client.getAgentSurveyState(convId, '-1');
    if (state.data?.agentSurveyContext?.agentSurveyStatus === status) return state;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
