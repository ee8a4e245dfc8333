/**
 * The close-conversation bot: watches all open conversations of the account and closes those
 * whose consumer writes `#close` or that stay idle too long (IDLE_MS, default 10 minutes). With
 * LP_ACCOUNT, LP_USER and LP_PASS set it runs against that LivePerson account (the user needs
 * Agent Manager permissions); otherwise against the emulator, with a 2 s idle limit, where one
 * consumer asks to close and another goes quiet.
 */
import { CloseConversationBot } from './close-conversation-bot';
import { chooseTarget } from '../lib/target';
import { connected, printConversation, run, runUntilStopped, shutDown, withAutoReconnect } from '../lib/run';

run(async () => {
  const target = await chooseTarget();
  console.log(`Close-conversation bot against ${target.describe}`);
  const idleMs = target.emulator ? 2000 : Number(process.env.IDLE_MS) || undefined;
  const bot = new CloseConversationBot(withAutoReconnect(target.config), { idleMs });
  if (!target.emulator) return runUntilStopped([bot]);

  const emulator = target.emulator;
  printConversation(emulator);
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
  await shutDown([bot], emulator);
});
