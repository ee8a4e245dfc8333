import type { AgentConfig, Metadata, MessagingEventChange } from 'node-agent-sdk';
import { type ContentEvent, MyCoolAgent } from '../agent-bot/my-cool-agent';

/** What LivePerson attaches to messages from social channels (Facebook, Twitter…). */
export interface SocialMessagingEventData {
  type: 'SocialMessagingEventData';
  /** `Public`: a comment or post; `Private`: a direct message. */
  channel?: 'Public' | 'Private';
  replyToId?: string;
  conversationState?: { currentChannel?: string; dmChatId?: string };
  event?: { source?: string; type?: string; parent?: Record<string, unknown> };
  [key: string]: unknown;
}

/** A content event with the metadata the consumer's message came with. */
export interface SocialContentEvent extends ContentEvent {
  metadata: Metadata;
}

/**
 * MyCoolAgent whose content events also carry the message's metadata: the social sample reads
 * `contentEvent.metadata`, which the agent bot's MyCoolAgent does not fill in.
 */
export class SocialAgent extends MyCoolAgent {
  protected override contentEventOf(c: MessagingEventChange): SocialContentEvent {
    return { ...super.contentEventOf(c), metadata: c.metadata as Metadata };
  }
}

/**
 * LivePerson's social-bot main, step for step: a message with SocialMessagingEventData is
 * answered `Bot response from: <source>, <channel>` with the reply metadata for that channel
 * (Twitter and Facebook public posts, or a direct message); any other message is echoed.
 */
export function startSocialBot(conf: AgentConfig, log: (...args: unknown[]) => void = console.log): SocialAgent {
  const echoAgent = new SocialAgent(conf, log);
  echoAgent.on(echoAgent.CONTENT_NOTIFICATION, (contentEvent: SocialContentEvent) => {
    const socialEventMetadata = contentEvent.metadata.find((m) => m.type === 'SocialMessagingEventData') as SocialMessagingEventData | undefined;
    if (socialEventMetadata === undefined) {
      echoAgent.publishEvent({ dialogId: contentEvent.dialogId, event: { type: 'ContentEvent', contentType: 'text/plain', message: `echo : ${contentEvent.message}` } });
      return;
    }
    log(socialEventMetadata);
    // A Twitter message starts with `[public/post] MsgRef:<base64 JSON>,…`: the tweet's ids.
    try {
      const encodedMessageMetadata = contentEvent.message.split(',')[0].split('MsgRef:')[1];
      const messageMetadata = Buffer.from(encodedMessageMetadata, 'base64').toString('ascii');
      if (messageMetadata) log(`Twitter message found: ${messageMetadata}`);
    } catch (ex) {
      log(`Did not find Twitter message: ${ex}`);
    }

    const channel = socialEventMetadata.channel || 'Private';
    const source = socialEventMetadata.event?.source;
    const myMessage = `Bot response from: ${source}, ${channel}`;
    const myMetadata: SocialMessagingEventData[] = [];
    if (channel === 'Public') {
      let theMetadata = {} as SocialMessagingEventData;
      if (source === 'Twitter') {
        theMetadata = {
          type: 'SocialMessagingEventData',
          channel,
          replyToId: socialEventMetadata.replyToId,
          event: {
            parent: { attachmentUrl: '', timestamp: Date.now(), accountName: 'LP Social Messaging', tweetText: myMessage, tweetId: socialEventMetadata.replyToId },
            source,
            type: 'Reply',
          },
          conversationState: { currentChannel: channel, dmChatId: socialEventMetadata.conversationState?.dmChatId },
        };
      } else if (source === 'Facebook') {
        theMetadata = {
          type: 'SocialMessagingEventData',
          channel,
          replyToId: socialEventMetadata.replyToId,
          event: { source, type: socialEventMetadata.event?.type || 'Post' },
          conversationState: { currentChannel: channel },
        };
      }
      myMetadata.push(theMetadata);
    } else {
      myMetadata.push({
        type: 'SocialMessagingEventData',
        channel,
        replyToId: socialEventMetadata.replyToId,
        event: { source, type: 'DirectMessage' },
        conversationState: { currentChannel: channel, dmChatId: socialEventMetadata.conversationState?.dmChatId },
      });
    }
    log(myMetadata);
    echoAgent.publishEvent(
      { dialogId: contentEvent.dialogId, event: { type: 'ContentEvent', contentType: 'text/plain', message: myMessage } },
      {},
      myMetadata,
      null,
      // The sample names the callback's arguments the other way round; it only logs them.
      (resp: unknown, err: unknown) => log(err ? err : resp),
    );
  });
  return echoAgent;
}
