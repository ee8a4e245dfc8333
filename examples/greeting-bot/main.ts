/**
 * The greeting bot: joins every new conversation of the account as a manager and says
 * `welcome from bot`. With LP_ACCOUNT, LP_USER and LP_PASS set it runs against that LivePerson
 * account (the user needs Agent Manager permissions); otherwise against the emulator, where two
 * consumers open conversations and are greeted.
 */
import { GreetingBot } from './greeting-bot';
import { connected, runSample } from '../lib/run';

runSample({
  title: 'Greeting bot',
  plainConfig: true,
  start: (config) => new GreetingBot(config),
  script: async (emulator, bot) => {
    await connected(bot);
    for (const firstName of ['Ada', 'Grace']) {
      const consumer = emulator.consumer({ profile: { firstName } });
      await consumer.startConversation();
      await consumer.waitForMessage('welcome from bot');
      await consumer.close();
    }
  },
});
