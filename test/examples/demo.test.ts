import { runExample } from './run-example';

jest.setTimeout(60_000);

test('npm start: the demo runs offline, prints the whole conversation, and exits 0', async () => {
  const run = await runExample('examples/demo.ts');
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  const lines = run.lines;
  // In order: set-up, ring, accept, greeting, the scripted exchange both ways, close.
  const expected: Array<string | RegExp> = [
    /^Running the demo bot against the LivePerson emulator at https:\/\/127\.0\.0\.1:\d+$/,
    /^\[bot\] connected as [0-9a-f-]{36}$/,
    /^\[service\] consumer opened conversation [0-9a-f-]{36}$/,
    '[service] ring WAITING for bot',
    /^\[bot\] ring for conversation [0-9a-f-]{36}: accepting$/,
    '[service] ring ACCEPTED for bot',
    '  bot      > Hello! I am the demo bot. Say "bye" to end the conversation.',
    '  consumer > Hi there!',
    '  bot      > You said: "Hi there!" (9 characters)',
    '  consumer > What can you do?',
    '  bot      > You said: "What can you do?" (16 characters)',
    '  consumer > bye',
    '  bot      > Goodbye!',
    '[service] conversation closed (AGENT)',
    'Demo finished.',
  ];
  let at = 0;
  for (const want of expected) {
    const found = lines.findIndex((line, i) => i >= at && (typeof want === 'string' ? line === want : want.test(line)));
    if (found < 0) throw new Error(`missing (in order) ${want}\n--- output:\n${run.stdout}`);
    at = found + 1;
  }
});
