import { startEchoBot } from '../../examples/desk/echo-bot';
import { texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

test("the README's desk echo bot: greets by name with a quick reply, echoes, closes on bye", async () => {
  const emulator = await emulatorForTest();
  const logged: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
  try {
    track(startEchoBot(emulator.agentConfig()));
    const consumer = emulator.consumer({ profile: { firstName: 'Ada' } });
    const convId = await consumer.startConversation();
    const hello = await consumer.waitForMessage('Hi Ada, I repeat what you say.');
    expect(hello.event.quickReplies).toMatchObject({ type: 'quickReplies', replies: [{ title: 'bye', click: { actions: [{ type: 'publishText', text: 'bye' }] } }] });
    await consumer.send('ping');
    await consumer.waitForMessage('Echo: ping');
    await consumer.send('bye');
    await consumer.waitForClose();
    expect(texts(consumer.messages)).toEqual(['Hi Ada, I repeat what you say.', 'Echo: ping', 'Goodbye!']);
    await new Promise<void>((resolve) => {
      const check = () => (logged.includes(`${convId} closed by AGENT`) ? resolve() : setTimeout(check, 5));
      check();
    });
  } finally {
    log.mockRestore();
  }
});
