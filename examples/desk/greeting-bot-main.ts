/**
 * The greeting bot on the conversation desk (see greeting-bot.ts). With LP_ACCOUNT, LP_USER and
 * LP_PASS set it runs against that LivePerson account (the user needs Agent Manager
 * permissions); otherwise against the emulator, where two consumers open conversations and are greeted.
 */
import { startDeskGreetingBot } from './greeting-bot';
import { connected, runSample } from '../lib/run';

runSample({
  title: 'Greeting bot on the desk',
  start: (config) => startDeskGreetingBot(config).agent,
  script: async (emulator, bot) => {
    await connected(bot);
    for (const firstName of ['Ada', 'Grace']) {
      const consumer = emulator.consumer({ profile: { firstName } });
      await consumer.startConversation();
      await consumer.waitForMessage();
      await consumer.close();
    }
  },
});
