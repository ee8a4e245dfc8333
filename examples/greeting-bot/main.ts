/**
 * The greeting bot: joins every new conversation of the account as a manager and says hello.
 * With LP_ACCOUNT, LP_USER and LP_PASS set it runs against that LivePerson account (the user
 * needs Agent Manager permissions); otherwise against the emulator, where two consumers open
 * conversations and are greeted.
 */
import { startGreetingBot } from './greeting-bot';
import { chooseTarget } from '../lib/target';
import { connected, printConversation, run, runUntilStopped, shutDown, withAutoReconnect } from '../lib/run';

run(async () => {
  const target = await chooseTarget();
  console.log(`Greeting bot against ${target.describe}`);
  const bot = startGreetingBot(withAutoReconnect(target.config));
  if (!target.emulator) return runUntilStopped([bot]);

  const emulator = target.emulator;
  printConversation(emulator);
  await connected(bot);
  for (const firstName of ['Ada', 'Grace']) {
    const consumer = emulator.consumer({ profile: { firstName } });
    await consumer.startConversation();
    await consumer.waitForMessage();
    await consumer.close();
  }
  await shutDown([bot], emulator);
});
