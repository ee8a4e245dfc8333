/**
 * `npm start`: the demo bot against the built-in emulator with a scripted consumer, printing the
 * conversation as it happens. `npm start -- --stay` keeps everything running. With LP_ACCOUNT,
 * LP_USER and LP_PASS set, the same bot runs against real LivePerson instead.
 */
import { startDemoBot } from './demo-bot';
import { drained } from './lib/run';
import { chooseTarget } from './lib/target';
import type { Emulator } from 'node-agent-sdk/emulator';

const SCRIPT = ['Hi there!', 'What can you do?', 'bye'];

async function main(): Promise<number> {
  const stay = process.argv.includes('--stay');
  const target = await chooseTarget();
  console.log(`Running the demo bot against ${target.describe}`);
  const agent = startDemoBot(target.config);
  if (!target.emulator) return new Promise<number>(() => undefined); // real LivePerson: run until stopped

  const emulator = target.emulator;
  printConversation(emulator);
  await agent.promises.nextConnected({ timeout: 10000 });
  await onceOnline(emulator);

  const consumer = emulator.consumer({ profile: { firstName: 'Ada', lastName: 'Lovelace' } });
  await consumer.startConversation();
  await consumer.waitForMessage(/^Hello!/);
  for (const line of SCRIPT) {
    await consumer.send(line);
    if (line === 'bye') break;
    await consumer.waitForMessage(/^You said/);
  }
  await consumer.waitForClose({ timeout: 10000 });
  // The consumer may see the close before the bot has its answer: let the bot's requests finish.
  await drained([agent]);

  if (stay) {
    console.log(`\nStaying up: emulator at ${emulator.url}, account ${emulator.agentConfig().accountId}. Ctrl-C to stop.`);
    return new Promise<number>(() => undefined);
  }
  agent.dispose();
  consumer.dispose();
  await emulator.close();
  console.log('\nDemo finished.');
  return 0;
}

function printConversation(emulator: Emulator): void {
  emulator.on('conversationOpened', (c) => console.log(`[service] consumer opened conversation ${c.conversationId}`));
  emulator.on('ring', (r) => console.log(`[service] ring ${r.ringState} for ${r.agent}`));
  emulator.on('consumerMessage', (m) => console.log(`  consumer > ${m.text}`));
  emulator.on('agentMessage', (m) => console.log(`  bot      > ${m.text}`));
  emulator.on('conversationClosed', (c) => console.log(`[service] conversation closed (${c.closeReason})`));
}

function onceOnline(emulator: Emulator): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error('the bot did not go ONLINE')), 10000);
    const check = () => {
      if (emulator.agent().availability === 'ONLINE') {
        clearTimeout(deadline);
        clearInterval(poll);
        resolve();
      }
    };
    const poll = setInterval(check, 20);
  });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('Demo failed:', err);
    process.exit(1);
  },
);
