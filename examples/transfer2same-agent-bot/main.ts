/**
 * Return to the same agent (LivePerson's transfer2same-agent sample): a bot that transfers a
 * returning consumer to the agent of their best-scored earlier conversation when that agent is
 * ONLINE; otherwise it echoes, and `#close` closes. With LP_ACCOUNT, LP_USER and LP_PASS set it
 * runs against that LivePerson account (route the bot's skill to it); otherwise against the
 * emulator: Ada talks to Alice once, comes back through the bot's skill, and lands with Alice.
 */
import { startTransferBot } from './transfer-agent-bot';
import { startHumanAgent } from '../lib/human-agent';
import { chooseTarget } from '../lib/target';
import { connected, printConversation, run, runUntilStopped, shutDown } from '../lib/run';

run(async () => {
  const target = await chooseTarget();
  console.log(`Return-to-same-agent bot against ${target.describe}`);
  if (!target.emulator) return runUntilStopped([startTransferBot(target.config)]);

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
  const bot = startTransferBot(emulator.agentConfig('frontbot'));
  await connected(bot);
  await ada.startConversation({ skillId: frontDesk });
  await ada.waitForMessage('Hi Ada, Alice here!');
  await ada.close();
  await shutDown([bot, alice], emulator);
});
