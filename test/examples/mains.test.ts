import { runExample } from './run-example';

jest.setTimeout(60_000);

/**
 * Every example's main.ts runs offline (emulator + scripted consumer) and exits 0, printing the
 * conversation; a few lines per example show the point of it happened.
 */
const EXAMPLES: Array<[string, Array<string | RegExp>]> = [
  ['greeting-bot', ['  bot      > welcome from bot', '[service] conversation closed (CONSUMER)']],
  ['agent-bot', [/^ {2}bot {6}> Just joined to conversation with \[\{.*"firstname":"Ada"/, '  bot      > echo : Can you hear me?', '[service] conversation closed (AGENT)']],
  ['agent-survey-bot', ['Submit body was successfully stored!', 'Survey successfully submitted. Current agent survey status submitted', '[script] the agent survey is submitted:', /^ {2}Was the issue resolved\? → .*"replyIds":\[122\]/]],
  ['survey-bot', ["  bot      > Welcome undefined! I'm Survey Bot!", /^ {2}bot {6}> How would you rate .*\(quick replies: ⭐ \|/, '  bot      > Thank You and Goodbye 😉', '[service] survey 123 done; the conversation is closed']],
  ['filesharing-bot', ['  bot      > welcome from bot', /^ {2}bot {6}> \[file JPEG: "yay!" at \/v1\/AUTH_async-images\//, '[script] downloaded 159 bytes, the same as uploaded']],
  ['transfer2same-agent-bot', [/^ {2}frontbot > Just joined to conversation with /, 'ONLINE', '[service] conversation assigned to alice', '  alice    > Hi Ada, Alice here!']],
  ['close-conversation-bot', [/^\[service\] a consumer opened conversation /, '[service] conversation closed (AGENT)', /^closing: /, 'OK Conversation closed successfully']],
  ['social-bot', ['  bot      > Bot response from: Facebook, Public  {metadata: SocialMessagingEventData}', '  bot      > Bot response from: Facebook, Private  {metadata: SocialMessagingEventData}', '  bot      > echo : Just a plain message']],
  ['metrics', [/^\[metrics\] GET \/metrics → 200;/, /^ {2}lp_agent_requests_sent_total\{account="\d+",agent="greeting-bot",type="publishEvent"\} 2$/]],
  ['extended-agent-class', ['  bot      > [structured content card]  {metadata: ExternalId}', '  alice    > Hi, Alice here. How can I help?']],
];

test.each(EXAMPLES)('examples/%s/main.ts runs offline and exits 0', async (name, expected) => {
  const run = await runExample(`examples/${name}/main.ts`);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  for (const want of expected) {
    const found = run.lines.some((line) => (typeof want === 'string' ? line === want : want.test(line)));
    if (!found) throw new Error(`missing ${want}\n--- output:\n${run.stdout}`);
  }
});

/** The samples written a second time on the conversation desk, beside the faithful versions. */
const DESK_EXAMPLES: Array<[string, string[]]> = [
  ['agent-bot-main.ts', ['  bot      > Hello Ada Lovelace! You are talking to MyCoolAgent, a bot.', '  bot      > Echo: Can you hear me?', '[service] conversation closed (AGENT)']],
  ['greeting-bot-main.ts', ['  bot      > Welcome! Thanks for reaching out, an agent will be with you shortly.', '[service] conversation closed (CONSUMER)']],
];

test.each(DESK_EXAMPLES)('examples/desk/%s runs offline and exits 0', async (script, expected) => {
  const run = await runExample(`examples/desk/${script}`);
  expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
  for (const want of expected) {
    if (!run.lines.includes(want)) throw new Error(`missing ${want}\n--- output:\n${run.stdout}`);
  }
});
