/**
 * The agent bot on the conversation desk (see agent-bot.ts). With LP_ACCOUNT, LP_USER and
 * LP_PASS set it runs against that LivePerson account; otherwise against the emulator with a
 * scripted consumer.
 */
import { startDeskAgentBot } from './agent-bot';
import { connected, runSample } from '../lib/run';

runSample({
  title: 'Agent bot on the desk',
  start: (config) => startDeskAgentBot(config).agent,
  script: async (emulator, bot) => {
    await connected(bot);
    const consumer = emulator.consumer({ profile: { firstName: 'Ada', lastName: 'Lovelace' } });
    await consumer.startConversation();
    await consumer.waitForMessage(/^Hello Ada/);
    await consumer.send('Can you hear me?');
    await consumer.waitForMessage('Echo: Can you hear me?');
    await consumer.send('#close');
    await consumer.waitForClose();
  },
});
