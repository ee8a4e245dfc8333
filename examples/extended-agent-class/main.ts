/**
 * Extending the Agent class (LivePerson's extended-agent-class sample): `Bot extends Agent` with
 * its own events and methods, used by an agent (accepts rings, answers `transfer`, `close`,
 * `time`, `date`, `content`) and a reader (joins every conversation as READER). With LP_ACCOUNT
 * and credentials set (see `Bot.config`) it runs the agent against that account (LP_TRANSFER_SKILL:
 * the skill `transfer` sends to; default the sample's); otherwise both run against the emulator
 * with a scripted consumer.
 */
import { startAgent, startReader } from './agent';
import { startHumanAgent } from '../lib/human-agent';
import { connected, runSample } from '../lib/run';

/** The skill `transfer` sends to: offline, a "human agents" skill of the emulator. */
let transferSkillId: string | undefined;

runSample({
  title: 'Bot (a subclass of Agent)',
  plainConfig: true,
  start: (config, emulator) => {
    transferSkillId = emulator ? emulator.addSkill({ name: 'human agents' }) : process.env.LP_TRANSFER_SKILL;
    return startAgent(config, transferSkillId);
  },
  script: async (emulator, bot) => {
    // Someone to transfer to: an agent of the "human agents" skill only; and a reader.
    emulator.addAgent({ username: 'alice', password: 'alice-secret', skills: [transferSkillId as string] });
    emulator.addAgent({ username: 'reader', password: 'reader-secret', skills: [] });
    const alice = startHumanAgent(emulator.agentConfig('alice'), 'Hi, Alice here. How can I help?');
    const reader = startReader(emulator.agentConfig('reader'), () => undefined);
    await Promise.all([connected(bot), connected(reader)]);
    const consumer = emulator.consumer();
    await consumer.startConversation();
    for (const [command, answer] of [
      ['hello', 'you said hello!'],
      ['date', new Date().toDateString()],
      ['content', (r: { event: { type: string } }) => r.event.type === 'RichContentEvent'],
    ] as const) {
      await consumer.send(command);
      await consumer.waitForMessage(answer);
    }
    await consumer.send('transfer');
    await consumer.waitForMessage('Hi, Alice here. How can I help?');
    await consumer.close();
    return [alice, reader];
  },
});
