import type { Agent } from '../agent';
import type { RingState } from '../types';

/** A conversation offered to this agent by routing. */
export class Ring {
  readonly ringId: string;
  readonly conversationId: string;
  readonly consumerId: string;
  readonly skillId: string;
  /** When the offer lapses (ms since epoch), if the service says. */
  readonly expiresAt?: number;
  /** The last state routing reported: WAITING until answered, then ACCEPTED, REJECTED, CANCELLED, EXPIRED… */
  state: RingState;
  private answer: Promise<void> | undefined;

  /** @internal The desk makes rings. */
  constructor(
    private readonly agent: Agent,
    task: { conversationId: string; consumerId: string; skillId: string },
    ring: { ringId: string; ringState: RingState; ringExpirationTs?: number },
  ) {
    this.ringId = ring.ringId;
    this.conversationId = task.conversationId;
    this.consumerId = task.consumerId;
    this.skillId = task.skillId;
    this.state = ring.ringState;
    if (typeof ring.ringExpirationTs === 'number') this.expiresAt = ring.ringExpirationTs;
  }

  /** Takes the conversation. A second call (or `reject` after it) returns the first answer's promise. */
  accept(): Promise<void> {
    return this.respond('ACCEPTED');
  }

  /** Declines the conversation; routing offers it elsewhere. */
  reject(): Promise<void> {
    return this.respond('REJECTED');
  }

  private respond(ringState: 'ACCEPTED' | 'REJECTED'): Promise<void> {
    this.answer ??= this.agent.promises.updateRingState({ ringId: this.ringId, ringState }).then(() => undefined);
    return this.answer;
  }
}
