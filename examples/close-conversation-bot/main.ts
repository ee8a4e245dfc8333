/**
 * The close-conversation bot: watches all open conversations of the account and closes those
 * whose consumer writes `#close` or that stay idle too long (IDLE_MS, default 10 minutes). With
 * LP_ACCOUNT, LP_USER and LP_PASS set it runs against that LivePerson account (the user needs
 * Agent Manager permissions); otherwise against the emulator, with a 2 s idle limit, where one
 * consumer asks to close and another goes quiet.
 */
import { CloseConversationBot } from './close-conversation-bot';
import { connected, runSample } from '../lib/run';

runSample({
  title: 'Close-conversation bot',
  start: (config, emulator) => new CloseConversationBot(config, { idleMs: emulator ? 2000 : Number(process.env.IDLE_MS) || undefined }),
  script: async (emulator, bot) => {
    await connected(bot);
    const ada = emulator.consumer();
    await ada.startConversation();
    await ada.send('I am done, #close');
    await ada.send('#close');
    await ada.waitForClose();

    const grace = emulator.consumer();
    await grace.startConversation();
    await grace.send('Hello? ... (then nothing more)');
    await grace.waitForClose({ timeout: 10_000 });
  },
});
