/**
 * The agent bot: accepts every conversation routed to it, greets the consumer by name, marks
 * messages read and echoes them; `#close` ends the conversation. With LP_ACCOUNT, LP_USER and
 * LP_PASS set it runs against that LivePerson account; otherwise against the emulator with a
 * scripted consumer.
 */
import { startAgentBot } from './agent-bot';
import { chooseTarget } from '../lib/target';
import { connected, printConversation, run, runUntilStopped, shutDown, withAutoReconnect } from '../lib/run';

run(async () => {
  const target = await chooseTarget();
  console.log(`Agent bot against ${target.describe}`);
  const bot = startAgentBot(withAutoReconnect(target.config));
  if (!target.emulator) return runUntilStopped([bot]);

  const emulator = target.emulator;
  printConversation(emulator);
  await connected(bot);
  const consumer = emulator.consumer({ profile: { firstName: 'Ada', lastName: 'Lovelace' } });
  await consumer.startConversation();
  await consumer.waitForMessage(/^Hello Ada/);
  await consumer.send('Can you hear me?');
  await consumer.waitForMessage('Echo: Can you hear me?');
  await consumer.send('#close');
  await consumer.waitForClose();
  await shutDown([bot], emulator);
});
