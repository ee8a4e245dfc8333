import { CloseConversationBot } from '../../examples/close-conversation-bot/close-conversation-bot';
import { nextEvent } from '../helpers/events';
import { until } from '../helpers/wait';
import { logLines } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

type Frame = { type: string; body: any };

/** An emulator with an agent manager, and the bot logged in as that manager; every frame the bot sends is kept. */
async function managerBot(role: 'manager' | 'agent' = 'manager') {
  const emulator = await emulatorForTest();
  emulator.addAgent({ username: 'closer', password: 'secret', role });
  const log = logLines();
  const bot = track(new CloseConversationBot(emulator.agentConfig('closer'), (...args: unknown[]) => log(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '))));
  const sent: Frame[] = [];
  bot.on('message:sent', (frame: Frame) => sent.push(frame));
  await nextEvent(bot, 'connected');
  return { emulator, bot, sent, log };
}

const CLOSE_ONLY = { field: 'ConversationStateField', conversationState: 'CLOSE' };

test('closes a new conversation without joining it, as the original: only ConversationStateField CLOSE is sent', async () => {
  const { emulator, sent } = await managerBot();
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  await consumer.waitForClose();

  expect(consumer.messages).toEqual([]);
  const details = emulator.conversation(convId)?.conversationDetails;
  expect(details).toMatchObject({ stage: 'CLOSE', closeReason: 'AGENT' });
  // Never a participant: the close came from outside the conversation.
  expect(details?.participants).toEqual({ CONSUMER: [expect.any(String)] });
  const subscribe = sent.find((f) => f.type === '.ams.aam.SubscribeExConversations');
  expect(subscribe?.body).toEqual({ convState: ['OPEN'] });
  const updates = sent.filter((f) => f.type === '.ams.cm.UpdateConversationField');
  expect(updates.length).toBeGreaterThanOrEqual(1);
  for (const update of updates) expect(update.body).toEqual({ conversationId: convId, conversationField: [CLOSE_ONLY] });
});

test('closes the conversations already open when it connects', async () => {
  const emulator = await emulatorForTest();
  emulator.addAgent({ username: 'closer', password: 'secret', role: 'manager' });
  const first = emulator.consumer();
  const second = emulator.consumer();
  const ids = [await first.startConversation(), await second.startConversation()];
  track(new CloseConversationBot(emulator.agentConfig('closer'), () => undefined));
  await Promise.all([first.waitForClose(), second.waitForClose()]);
  for (const id of ids) expect(emulator.conversation(id)?.conversationDetails.stage).toBe('CLOSE');
});

test('as a plain agent (no Agent Manager permission) the close is refused and the conversation stays open', async () => {
  const { emulator, bot, sent, log } = await managerBot('agent');
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  await until(() => log.lines.some((line) => line.startsWith('close failed')));
  const failure = log.lines.find((line) => line.startsWith('close failed')) as string;
  expect(JSON.parse(failure.slice('close failed '.length))).toMatchObject({ kind: 'resp', code: 400, body: 'Agent does not exist in conversation' });
  expect(sent.filter((f) => f.type === '.ams.cm.UpdateConversationField')[0].body).toEqual({ conversationId: convId, conversationField: [CLOSE_ONLY] });
  expect(emulator.conversation(convId)?.conversationDetails.stage).toBe('OPEN');
  expect(bot.openConvs[convId]).toEqual({ messages: {}, consumerId: null, state: 'active' });
});
