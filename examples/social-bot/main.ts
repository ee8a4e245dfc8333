/**
 * The social messaging bot (LivePerson's social-bot sample): answers messages from social
 * channels with the SocialMessagingEventData that posts the reply back where the consumer wrote.
 * With LP_ACCOUNT, LP_USER and LP_PASS set it runs against that LivePerson account; otherwise
 * against the emulator, where a consumer writes a public comment, a direct message and a plain
 * message (with empty metadata: the sample reads `metadata` of every message).
 */
import { startSocialBot, type SocialMessagingEventData } from './social-bot';
import { connected, runSample } from '../lib/run';

/** What LivePerson attaches to a Facebook comment on a page post (identifiers made up). */
const PUBLIC_COMMENT: SocialMessagingEventData = {
  type: 'SocialMessagingEventData',
  channel: 'Public',
  replyToId: 'comment-4711',
  conversationState: { currentChannel: 'Public', dmChatId: 'chat-0815' },
  event: { source: 'Facebook', type: 'CP', parent: { pageName: 'Lovelace Analytical Engines', postText: 'New engine out now!', timestamp: 1700000000000 } },
};
const DIRECT_MESSAGE: SocialMessagingEventData = { ...PUBLIC_COMMENT, channel: 'Private', replyToId: 'dm-42', event: { source: 'Facebook', type: 'DirectMessage' } };

runSample({
  title: 'Social messaging bot',
  plainConfig: true,
  start: (config) => startSocialBot(config),
  script: async (emulator, bot) => {
    await connected(bot);
    const consumer = emulator.consumer({ profile: { firstName: 'Ada' } });
    await consumer.startConversation({ context: { type: 'CustomContext', name: 'Facebook' } });
    await consumer.waitForMessage(/^Just joined to conversation with /);
    await consumer.send('Does it run on steam?', { metadata: [PUBLIC_COMMENT] });
    await consumer.waitForMessage('Bot response from: Facebook, Public');
    await consumer.send('Can I order one?', { metadata: [DIRECT_MESSAGE] });
    await consumer.waitForMessage('Bot response from: Facebook, Private');
    await consumer.send('Just a plain message', { metadata: [] });
    await consumer.waitForMessage('echo : Just a plain message');
    await consumer.close();
  },
});
