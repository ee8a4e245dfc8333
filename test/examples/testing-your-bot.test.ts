import type { Agent } from 'node-agent-sdk';
import { startEmulator, type Emulator } from 'node-agent-sdk/emulator';
import { startDemoBot } from '../../examples/demo-bot'; // your bot: anything that takes an AgentConfig

let emulator: Emulator;
let bot: Agent;

beforeEach(async () => {
  emulator = await startEmulator(); // a LivePerson of its own on 127.0.0.1, per test
  bot = startDemoBot(emulator.agentConfig(), { log: () => undefined });
});

afterEach(async () => {
  bot.dispose();
  await emulator.close();
});

test('the bot greets, answers, and closes on "bye"', async () => {
  const consumer = emulator.consumer();
  await consumer.startConversation(); // routed to the bot like on LivePerson
  await consumer.waitForMessage(/^Hello!/);

  await consumer.send('Hi there!');
  await consumer.waitForMessage('You said: "Hi there!" (9 characters)');

  await consumer.send('bye');
  await consumer.waitForMessage('Goodbye!');
  await consumer.waitForClose();
});
