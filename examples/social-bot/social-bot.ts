import type { AgentConfig, Metadata } from 'node-agent-sdk';
import { type ContentEventInfo, MyCoolAgent, type MyCoolAgentOptions } from '../agent-bot/my-cool-agent';
import { reason } from '../lib/rest';

/**
 * What LivePerson attaches to messages that come from social channels (Facebook, Instagram,
 * Twitter…): where the message was posted and how to answer in the same place.
 */
export interface SocialMessagingEventData {
  type: 'SocialMessagingEventData';
  /** `Public`: a comment on a post; `Private`: a direct message. */
  channel?: 'Public' | 'Private';
  /** The message or comment to answer. */
  replyToId?: string;
  conversationState?: { currentChannel?: string; dmChatId?: string };
  event?: {
    source?: string;
    type?: string;
    parent?: { attachmentUrl?: string; pageName?: string; postText?: string; timestamp?: number };
  };
}

export const isSocial = (m: Metadata[number]): m is SocialMessagingEventData & Metadata[number] => m.type === 'SocialMessagingEventData';

/**
 * The metadata of a reply that lands where the consumer wrote: a public comment is answered
 * with a public comment on the same page post, a direct message with a direct message.
 */
export function replyMetadata(incoming: SocialMessagingEventData, text: string): SocialMessagingEventData {
  const channel = incoming.channel ?? 'Private';
  const source = incoming.event?.source;
  const event =
    channel === 'Public'
      ? { source, type: 'CP', parent: { attachmentUrl: '', pageName: incoming.event?.parent?.pageName, postText: text, timestamp: Date.now() } }
      : { source, type: 'DirectMessage' };
  return {
    type: 'SocialMessagingEventData',
    channel,
    replyToId: incoming.replyToId,
    conversationState: { currentChannel: channel, dmChatId: incoming.conversationState?.dmChatId },
    event,
  };
}

/**
 * MyCoolAgent for social channels: a message carrying SocialMessagingEventData is answered on
 * the same channel, with the reply metadata LivePerson needs to post it there; anything else is
 * echoed.
 */
export function startSocialBot(config: AgentConfig, options: MyCoolAgentOptions = {}): MyCoolAgent {
  const log = options.log ?? ((line: string) => console.log(line));
  const welcome = options.welcome ?? ((name: string | undefined) => `Hi${name ? ` ${name}` : ''}, thanks for getting in touch!`);
  const bot = new MyCoolAgent(config, { ...options, welcome, log });
  bot.on(MyCoolAgent.CONTENT, async ({ dialogId, message, metadata }: ContentEventInfo) => {
    const social = metadata.find(isSocial);
    try {
      if (!social) {
        await bot.sendText(dialogId, `Echo: ${message}`);
        return;
      }
      const channel = social.channel ?? 'Private';
      const text = `Thanks for your ${channel === 'Public' ? 'comment' : 'message'} on ${social.event?.source ?? 'social media'}! We will get back to you here.`;
      log(`[social-bot] ${channel} message from ${social.event?.source}: answering on the same channel`);
      const event = { type: 'ContentEvent' as const, contentType: 'text/plain' as const, message: text };
      await bot.promises.publishEvent({ dialogId, event }, { metadata: [replyMetadata(social, text)] });
    } catch (err) {
      log(`[social-bot] could not answer in ${dialogId}: ${reason(err)}`);
    }
  });
  return bot;
}
