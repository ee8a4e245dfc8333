/**
 * Extending the Agent class: `MyBot extends Agent` with its own methods (accept, join, send text
 * or cards, transfer, close), answering a few commands. With LP_ACCOUNT, LP_USER and LP_PASS set
 * it runs against that LivePerson account (LP_TRANSFER_SKILL names the skill `transfer` sends
 * to); otherwise against the emulator with a scripted consumer.
 */
import { startMyBot } from './my-bot';
import { startHumanAgent } from '../lib/human-agent';
import { connected, runSample } from '../lib/run';

/** The skill `transfer` sends to: offline, a "human agents" skill of the emulator. */
let transferSkillId: string | undefined;

runSample({
  title: 'MyBot (a subclass of Agent)',
  start: (config, emulator) => {
    transferSkillId = emulator ? emulator.addSkill({ name: 'human agents' }) : process.env.LP_TRANSFER_SKILL;
    return startMyBot(config, { transferSkillId });
  },
  script: async (emulator, bot) => {
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
    return [alice];
  },
});
