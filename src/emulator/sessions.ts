import { hexToken } from './ids';
import type { AgentUser } from './model';
import type { Timers } from './timers';

export interface Session {
  agent: AgentUser;
  bearer: string;
  /** Only sessions made by a REST login have csrf + cookie (and can be refreshed). */
  csrf?: string;
  cookie?: string;
  expiresAt: number;
  valid: boolean;
  timer?: NodeJS.Timeout;
}

/** Bearer tokens and their lifetime. Expiry is pushed to `onExpire` so live sockets can be closed. */
export class Sessions {
  private readonly byToken = new Map<string, Session>();

  constructor(
    private readonly timers: Timers,
    private readonly ttlMs: () => number,
    private readonly onExpire: (session: Session) => void,
  ) {}

  create(agent: AgentUser, withCsrf: boolean): Session {
    const session: Session = { agent, bearer: hexToken(), expiresAt: 0, valid: true };
    if (withCsrf) {
      session.csrf = hexToken();
      session.cookie = hexToken(16);
    }
    this.byToken.set(session.bearer, session);
    this.extend(session);
    return session;
  }

  /** A live session for a ws URL bearer, or undefined. */
  byBearer(bearer: string): Session | undefined {
    const session = this.byToken.get(bearer);
    return session?.valid ? session : undefined;
  }

  byCookie(cookie: string): Session | undefined {
    for (const session of this.byToken.values()) {
      if (session.valid && session.cookie === cookie) return session;
    }
    return undefined;
  }

  extend(session: Session): void {
    const ttl = this.ttlMs();
    session.expiresAt = Date.now() + ttl;
    this.timers.clear(session.timer);
    session.timer = this.timers.set(() => this.expire(session), ttl);
  }

  /** Ends a session: its timer is cleared and it is forgotten (an expired bearer is simply unknown). */
  expire(session: Session): void {
    if (!session.valid) return;
    session.valid = false;
    this.timers.clear(session.timer);
    session.timer = undefined;
    this.byToken.delete(session.bearer);
    this.onExpire(session);
  }

  /** Live sessions (expired ones are deleted). */
  get size(): number {
    return this.byToken.size;
  }

  /** Expires every live session, or those of one agent. */
  expireAll(filter: (session: Session) => boolean = () => true): number {
    const victims = [...this.byToken.values()].filter((s) => s.valid && filter(s));
    victims.forEach((s) => this.expire(s));
    return victims.length;
  }
}
