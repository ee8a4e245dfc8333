import { Agent, type AgentConfig, type ExConversationChangeNotification } from 'node-agent-sdk';
import { reason } from '../lib/rest';

export interface CloseConversationBotOptions {
  /** A consumer message equal to this (any case) closes the conversation. Default `#close`. */
  keyword?: string;
  /** A conversation without new messages for this long (ms) is closed. Default 10 minutes. */
  idleMs?: number;
  log?: (line: string) => void;
}

/** What the bot says before closing. */
export const NOTICES = {
  keyword: 'Closing this conversation as you asked. Goodbye!',
  idle: 'This conversation is being closed because it has been inactive for a while. Write to us again any time!',
};

type Reason = keyof typeof NOTICES;

/** The raw last message that ExConversation notifications carry (not rewritten by the SDK). */
interface LastContent {
  sequence?: number;
  serverTimestamp?: number;
  originatorMetadata?: { role?: string };
  event?: { type?: string; message?: unknown };
}

/**
 * Watches every open conversation of the account, without taking part, and closes those whose
 * consumer asks for it with a keyword or that stay idle too long. The last message comes with
 * each conversation notification, so the bot joins (as MANAGER) only to say goodbye and close.
 */
export class CloseConversationBot extends Agent {
  static readonly CLOSED = 'CloseConversationBot.Closed';

  private readonly keyword: string;
  private readonly idleMs: number;
  private readonly log: (line: string) => void;
  /** Open conversations → their idle timer. */
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly closing = new Set<string>();
  /** Server time minus local time, from GetClock: idle deadlines come from server timestamps. */
  private clockSkew = 0;

  constructor(config: AgentConfig, options: CloseConversationBotOptions = {}) {
    super(config);
    this.keyword = (options.keyword ?? '#close').toLowerCase();
    this.idleMs = options.idleMs ?? 10 * 60_000;
    this.log = options.log ?? ((line: string) => console.log(line));
    this.on('connected', () => void this.setUp());
    this.on('cqm.ExConversationChangeNotification', (body) => this.onConversations(body));
    // The subscription is made again on the next `connected`, and its first batch re-arms the timers.
    this.on('closed', () => this.clearTimers());
    this.on('error', (err, context) => this.log(`[close-bot] error${context ? ` at ${context.location}` : ''}: ${reason(err)}`));
  }

  /** Stops the idle timers too: nothing of the bot outlives dispose(). */
  override dispose(): void {
    this.clearTimers();
    super.dispose();
  }

  private async setUp(): Promise<void> {
    try {
      const sentAt = Date.now();
      const { currentTime } = await this.promises.getClock();
      this.clockSkew = currentTime - (sentAt + Date.now()) / 2;
      await this.promises.setAgentState({ availability: 'AWAY' }); // it manages, it never takes conversations
      await this.promises.subscribeExConversations({ convState: ['OPEN'] });
      this.log(`[close-bot] watching open conversations (keyword "${this.keyword}", idle after ${this.idleMs} ms)`);
    } catch (err) {
      this.log(`[close-bot] set-up failed: ${reason(err)}`);
    }
  }

  private onConversations(body: ExConversationChangeNotification): void {
    for (const change of body.changes) {
      const convId = change.result.convId;
      if (change.type === 'DELETE') {
        this.forget(convId);
        continue;
      }
      if (this.closing.has(convId)) continue;
      const last = change.result.lastContentEventNotification as LastContent | undefined;
      const text = typeof last?.event?.message === 'string' ? last.event.message.trim().toLowerCase() : undefined;
      if (last?.originatorMetadata?.role === 'CONSUMER' && text === this.keyword) {
        void this.close(convId, 'keyword');
        continue;
      }
      // Every notification may carry a newer message: restart the idle clock from the latest one.
      const lastActivity = last?.serverTimestamp ?? change.result.conversationDetails.startTs;
      const remaining = lastActivity + this.idleMs - (Date.now() + this.clockSkew);
      clearTimeout(this.timers.get(convId));
      this.timers.set(
        convId,
        setTimeout(() => void this.close(convId, 'idle'), Math.max(0, remaining)),
      );
    }
  }

  private async close(conversationId: string, why: Reason): Promise<void> {
    if (this.closing.has(conversationId)) return;
    this.closing.add(conversationId);
    clearTimeout(this.timers.get(conversationId));
    try {
      // Joining as MANAGER lets the bot say why before it closes.
      await this.promises.updateConversationField({ conversationId, conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER' }] });
      await this.promises.publishEvent({ dialogId: conversationId, event: { type: 'ContentEvent', contentType: 'text/plain', message: NOTICES[why] } });
      await this.promises.updateConversationField({ conversationId, conversationField: [{ field: 'ConversationStateField', conversationState: 'CLOSE' }] });
      this.log(`[close-bot] closed ${conversationId} (${why})`);
      this.emit(CloseConversationBot.CLOSED, { conversationId, reason: why });
    } catch (err) {
      this.closing.delete(conversationId);
      this.log(`[close-bot] could not close ${conversationId}: ${reason(err)}`);
    }
  }

  private forget(conversationId: string): void {
    clearTimeout(this.timers.get(conversationId));
    this.timers.delete(conversationId);
    this.closing.delete(conversationId);
  }

  private clearTimers(): void {
    this.timers.forEach((timer) => clearTimeout(timer));
    this.timers.clear();
  }
}
