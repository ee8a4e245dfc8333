import type { Emulator } from 'node-agent-sdk/emulator';
import { type SocialMessagingEventData, startSocialBot } from '../../examples/social-bot/social-bot';
import { until } from '../helpers/wait';
import { logCalls, recordFrames, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

const FACEBOOK_COMMENT: SocialMessagingEventData = {
  type: 'SocialMessagingEventData',
  channel: 'Public',
  replyToId: 'comment-1',
  conversationState: { currentChannel: 'Public', dmChatId: 'chat-7' },
  event: { source: 'Facebook', type: 'CP', parent: { pageName: 'Engines Inc.', postText: 'Launch day!', timestamp: 1 } },
};
const DIRECT_MESSAGE: SocialMessagingEventData = { ...FACEBOOK_COMMENT, channel: 'Private', replyToId: 'dm-2', event: { source: 'Facebook', type: 'DirectMessage' } };
const TWEET: SocialMessagingEventData = { ...FACEBOOK_COMMENT, replyToId: 'tweet-3', event: { source: 'Twitter', type: 'Tweet' } };

async function conversationWithBot(emulator: Emulator) {
  const log = logCalls();
  const bot = track(startSocialBot(emulator.agentConfig(), log));
  const frames = recordFrames(bot);
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();
  await consumer.waitForMessage(/^Just joined to conversation with /);
  return { bot, frames, consumer, convId, log };
}

/** The frames of the bot's answers (its PublishEvents of ContentEvents after the first). */
const answers = (frames: ReturnType<typeof recordFrames>) =>
  frames.filter((f) => f.type === '.ams.ms.PublishEvent' && f.body.event.type === 'ContentEvent').slice(1);

test('a Facebook public comment is answered with the sample reply metadata, on the frame, with headers {}', async () => {
  const emulator = await emulatorForTest();
  const { frames, consumer, convId } = await conversationWithBot(emulator);
  await consumer.send('Does it run on steam?', { metadata: [FACEBOOK_COMMENT] });
  const reply = await consumer.waitForMessage('Bot response from: Facebook, Public');
  const metadata = [{ type: 'SocialMessagingEventData', channel: 'Public', replyToId: 'comment-1', event: { source: 'Facebook', type: 'CP' }, conversationState: { currentChannel: 'Public' } }];
  expect(reply.metadata).toEqual(metadata);
  expect(answers(frames)).toEqual([
    expect.objectContaining({
      type: '.ams.ms.PublishEvent',
      body: { dialogId: convId, event: { type: 'ContentEvent', contentType: 'text/plain', message: 'Bot response from: Facebook, Public' } },
      headers: {},
      metadata,
    }),
  ]);
});

test('a direct message is answered privately, a tweet as a Reply to it', async () => {
  const emulator = await emulatorForTest();
  const { consumer } = await conversationWithBot(emulator);
  await consumer.send('Can I order one?', { metadata: [DIRECT_MESSAGE] });
  const dm = await consumer.waitForMessage('Bot response from: Facebook, Private');
  expect(dm.metadata).toEqual([
    { type: 'SocialMessagingEventData', channel: 'Private', replyToId: 'dm-2', event: { source: 'Facebook', type: 'DirectMessage' }, conversationState: { currentChannel: 'Private', dmChatId: 'chat-7' } },
  ]);
  await consumer.send('Nice engine', { metadata: [TWEET] });
  const reply = await consumer.waitForMessage('Bot response from: Twitter, Public');
  expect(reply.metadata).toEqual([
    {
      type: 'SocialMessagingEventData',
      channel: 'Public',
      replyToId: 'tweet-3',
      event: { parent: { attachmentUrl: '', timestamp: expect.any(Number), accountName: 'LP Social Messaging', tweetText: 'Bot response from: Twitter, Public', tweetId: 'tweet-3' }, source: 'Twitter', type: 'Reply' },
      conversationState: { currentChannel: 'Public', dmChatId: 'chat-7' },
    },
  ]);
});

test('a Twitter MsgRef in the text is decoded and logged; a message without social metadata is echoed', async () => {
  const emulator = await emulatorForTest();
  const { consumer, log } = await conversationWithBot(emulator);
  const ref = Buffer.from('{"type": "tweet", "id": "42"}').toString('base64');
  await consumer.send(`[public/post] MsgRef:${ref},signature`, { metadata: [TWEET] });
  await consumer.waitForMessage('Bot response from: Twitter, Public');
  expect(log.calls).toContainEqual(['Twitter message found: {"type": "tweet", "id": "42"}']);
  await consumer.send('Just a plain message', { metadata: [] });
  await consumer.waitForMessage('echo : Just a plain message');
  await until(() => texts(consumer.messages).length === 3);
  expect(texts(consumer.messages).slice(1)).toEqual(['Bot response from: Twitter, Public', 'echo : Just a plain message']);
});

test('a message without any metadata breaks the sample as it breaks the original: `metadata.find` on undefined, reported as an error', async () => {
  const emulator = await emulatorForTest();
  const { consumer, log, frames } = await conversationWithBot(emulator);
  const sequence = await consumer.send('no metadata at all');
  await until(() => log.calls.some((c) => c[0] === 'got an error'));
  expect(String(log.calls.find((c) => c[0] === 'got an error')?.[1])).toBe("TypeError: Cannot read properties of undefined (reading 'find')");
  // The throw leaves the notification handler before its READ loop: no receipt for that one.
  // The bot is still up: the next message (with metadata) is answered and marked read.
  const next = await consumer.send('with metadata', { metadata: [] });
  await consumer.waitForMessage('echo : with metadata');
  await until(() => frames.some((f) => f.body?.event?.type === 'AcceptStatusEvent'));
  expect(frames.filter((f) => f.body?.event?.type === 'AcceptStatusEvent').map((f) => f.body.event.sequenceList)).toEqual([[next]]);
  expect(sequence).toBeLessThan(next);
  expect(texts(consumer.messages)).toHaveLength(2);
});
