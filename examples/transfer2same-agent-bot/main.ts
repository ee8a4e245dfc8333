/**
 * Return to the same agent: a front-desk bot that transfers returning consumers back to the agent
 * who helped them before, when that agent is online. With LP_ACCOUNT, LP_USER and LP_PASS set it
 * runs against that LivePerson account (route the bot's skill to it); otherwise against the
 * emulator: Ada talks to Alice once, comes back through the bot's skill, and lands with Alice
 * again.
 */
import { TRANSFERRED, TransferBot } from './transfer-bot';
import { startHumanAgent } from '../lib/human-agent';
import { chooseTarget } from '../lib/target';
import { connected, printConversation, run, runUntilStopped, shutDown, withAutoReconnect } from '../lib/run';

run(async () => {
  const target = await chooseTarget();
  console.log(`Return-to-same-agent bot against ${target.describe}`);
  if (!target.emulator) return runUntilStopped([new TransferBot(withAutoReconnect(target.config))]);

  const emulator = target.emulator;
  printConversation(emulator);
  const humans = emulator.addSkill({ name: 'human agents' });
  const frontDesk = emulator.addSkill({ name: 'front desk' });
  emulator.addAgent({ username: 'alice', password: 'alice-secret', skills: [humans] });
  emulator.addAgent({ username: 'frontbot', password: 'frontbot-secret', skills: [frontDesk] });
  const alice = startHumanAgent(emulator.agentConfig('alice'), 'Hi Ada, Alice here!');
  await connected(alice);

  console.log('\n--- first visit: Ada talks to Alice');
  const ada = emulator.consumer({ profile: { firstName: 'Ada' } });
  await ada.startConversation({ skillId: humans });
  await ada.waitForMessage('Hi Ada, Alice here!');
  await ada.send('Thanks, that solved it.');
  await ada.close();

  console.log('\n--- second visit: Ada comes in through the front-desk bot');
  const bot = new TransferBot(withAutoReconnect(emulator.agentConfig('frontbot')));
  const transferred = new Promise((resolve) => bot.once(TRANSFERRED, resolve));
  await connected(bot);
  await ada.startConversation({ skillId: frontDesk });
  await transferred;
  await ada.waitForMessage('Hi Ada, Alice here!');
  await ada.close();
  await shutDown([bot, alice], emulator);
});
