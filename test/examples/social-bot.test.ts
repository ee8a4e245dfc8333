import { type SocialMessagingEventData, startSocialBot } from '../../examples/social-bot/social-bot';
import { logLines, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

const COMMENT: SocialMessagingEventData = {
  type: 'SocialMessagingEventData',
  channel: 'Public',
  replyToId: 'comment-1',
  conversationState: { currentChannel: 'Public', dmChatId: 'chat-7' },
  event: { source: 'Facebook', type: 'CP', parent: { pageName: 'Engines Inc.', postText: 'Launch day!', timestamp: 1 } },
};

async function conversationWithBot() {
  const emulator = await emulatorForTest();
  track(startSocialBot(emulator.agentConfig(), { log: logLines() }));
  const consumer = emulator.consumer({ profile: { firstName: 'Ada' } });
  await consumer.startConversation();
  await consumer.waitForMessage('Hi Ada, thanks for getting in touch!');
  return consumer;
}

test('a public comment is answered publicly: SocialMessagingEventData with the same reply target and page', async () => {
  const consumer = await conversationWithBot();
  await consumer.send('Does it run on steam?', { metadata: [COMMENT] });
  const reply = await consumer.waitForMessage('Thanks for your comment on Facebook! We will get back to you here.');
  expect(reply.metadata).toEqual([
    {
      type: 'SocialMessagingEventData',
      channel: 'Public',
      replyToId: 'comment-1',
      conversationState: { currentChannel: 'Public', dmChatId: 'chat-7' },
      event: {
        source: 'Facebook',
        type: 'CP',
        parent: { attachmentUrl: '', pageName: 'Engines Inc.', postText: 'Thanks for your comment on Facebook! We will get back to you here.', timestamp: expect.any(Number) },
      },
    },
  ]);
});

test('a direct message is answered with a direct message; a message without social metadata is echoed', async () => {
  const consumer = await conversationWithBot();
  const dm: SocialMessagingEventData = { ...COMMENT, channel: 'Private', replyToId: 'dm-9', event: { source: 'Instagram', type: 'DirectMessage' } };
  await consumer.send('Can I order one?', { metadata: [{ type: 'ExternalId', id: 'x' }, dm] });
  const reply = await consumer.waitForMessage('Thanks for your message on Instagram! We will get back to you here.');
  expect(reply.metadata).toEqual([
    {
      type: 'SocialMessagingEventData',
      channel: 'Private',
      replyToId: 'dm-9',
      conversationState: { currentChannel: 'Private', dmChatId: 'chat-7' },
      event: { source: 'Instagram', type: 'DirectMessage' },
    },
  ]);
  await consumer.send('plain');
  const echo = await consumer.waitForMessage('Echo: plain');
  expect(echo.metadata).toBeUndefined();
  expect(texts(consumer.messages)).toHaveLength(3);
});
