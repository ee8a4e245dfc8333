/**
 * Extending the Agent class: `MyBot extends Agent` with its own methods (accept, join, send text
 * or cards, transfer, close), answering a few commands. With LP_ACCOUNT, LP_USER and LP_PASS set
 * it runs against that LivePerson account (LP_TRANSFER_SKILL names the skill `transfer` sends
 * to); otherwise against the emulator with a scripted consumer.
 */
import { startMyBot } from './my-bot';
import { startHumanAgent } from '../lib/human-agent';
import { chooseTarget } from '../lib/target';
import { connected, printConversation, run, runUntilStopped, shutDown, withAutoReconnect } from '../lib/run';

run(async () => {
  const target = await chooseTarget();
  console.log(`MyBot (a subclass of Agent) against ${target.describe}`);
  const transferSkillId = target.emulator ? target.emulator.addSkill({ name: 'human agents' }) : process.env.LP_TRANSFER_SKILL;
  const bot = startMyBot(withAutoReconnect(target.config), { transferSkillId });
  if (!target.emulator) return runUntilStopped([bot]);

  const emulator = target.emulator;
  printConversation(emulator);
  // Someone to transfer to: an agent of the "human agents" skill only.
  emulator.addAgent({ username: 'alice', password: 'alice-secret', skills: [transferSkillId as string] });
  const alice = startHumanAgent(emulator.agentConfig('alice'), 'Hi, Alice here. How can I help?');
  await connected(bot);
  const consumer = emulator.consumer();
  await consumer.startConversation();
  for (const [command, answer] of [
    ['hello', 'You said "hello".'],
    ['date', /^Today is /],
    ['content', () => true],
  ] as const) {
    await consumer.send(command);
    await consumer.waitForMessage(answer);
  }
  await consumer.send('transfer');
  await consumer.waitForMessage('Hi, Alice here. How can I help?');
  await consumer.close();
  await shutDown([bot, alice], emulator);
});
