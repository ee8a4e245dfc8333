/**
 * The close-conversation bot: closes every open conversation of the account, without joining
 * it. With LP_ACCOUNT, LP_USER and LP_PASS set it runs against that LivePerson account (the user
 * needs Agent Manager permissions: it closes every open conversation there!); otherwise against
 * the emulator, logged in as an agent manager, while two consumers open conversations.
 */
import { CloseConversationBot } from './close-conversation-bot';
import { connected, runSample } from '../lib/run';

runSample({
  title: 'Close-conversation bot',
  plainConfig: true,
  start: (config, emulator) => {
    if (!emulator) return new CloseConversationBot(config);
    // The sample's prerequisite: a user with Agent Manager permissions.
    emulator.addAgent({ username: 'closer', password: 'secret', role: 'manager' });
    return new CloseConversationBot(emulator.agentConfig('closer'));
  },
  script: async (emulator, bot) => {
    await connected(bot);
    const ada = emulator.consumer({ profile: { firstName: 'Ada' } });
    await ada.startConversation();
    await ada.waitForClose();

    const grace = emulator.consumer({ profile: { firstName: 'Grace' } });
    await grace.startConversation();
    await grace.send('Hello? Is anyone there?');
    await grace.waitForClose();
  },
});
