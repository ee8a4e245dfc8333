/**
 * The agent bot (LivePerson's MyCoolAgent sample): accepts every conversation routed to it,
 * posts the consumer's profile, marks messages read and echoes them; `#close` ends the
 * conversation. With LP_ACCOUNT, LP_USER and LP_PASS set it runs against that LivePerson account;
 * otherwise against the emulator with a scripted consumer.
 */
import { startAgentBot } from './agent-bot';
import { connected, runSample } from '../lib/run';

runSample({
  title: 'Agent bot',
  plainConfig: true,
  start: (config) => startAgentBot(config),
  script: async (emulator, bot) => {
    await connected(bot);
    const consumer = emulator.consumer({ profile: { firstName: 'Ada', lastName: 'Lovelace' } });
    await consumer.startConversation();
    await consumer.waitForMessage(/^Just joined to conversation with /);
    await consumer.send('Can you hear me?');
    await consumer.waitForMessage('echo : Can you hear me?');
    await consumer.send('#close');
    await consumer.waitForClose();
  },
});
