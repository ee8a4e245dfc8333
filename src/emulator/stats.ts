/** Sockets of one agent user, as counted by `emulator.stats()`. */
export interface AgentSocketStats {
  accountId: string;
  username: string;
  /** UMS websockets open now. */
  open: number;
  /** The most that were ever open at the same moment (since start or `resetStats()`). */
  maxOpen: number;
  /** Websockets opened in total (since start or `resetStats()`). */
  opened: number;
}

/** What `emulator.stats()` returns. */
export interface EmulatorStats {
  /** UMS websockets open now, all users together. */
  open: number;
  /** Per agent user, keyed `accountId/username`; users that never connected are absent. */
  agents: Record<string, AgentSocketStats>;
}

/**
 * Counts concurrent UMS sockets per agent user. A socket counts from the upgrade until the
 * server sees it close, so two logins of one user that overlap by any amount show `maxOpen` 2.
 */
export class SocketStats {
  private agents = new Map<string, AgentSocketStats>();

  opened(accountId: string, username: string): void {
    const key = `${accountId}/${username}`;
    let entry = this.agents.get(key);
    if (!entry) this.agents.set(key, (entry = { accountId, username, open: 0, maxOpen: 0, opened: 0 }));
    entry.open++;
    entry.opened++;
    entry.maxOpen = Math.max(entry.maxOpen, entry.open);
  }

  closed(accountId: string, username: string): void {
    const entry = this.agents.get(`${accountId}/${username}`);
    if (entry) entry.open--;
  }

  snapshot(): EmulatorStats {
    const agents: Record<string, AgentSocketStats> = {};
    let open = 0;
    for (const [key, entry] of this.agents) {
      agents[key] = { ...entry };
      open += entry.open;
    }
    return { open, agents };
  }

  /** Starts the counts again from the sockets open now. */
  reset(): void {
    for (const [key, entry] of this.agents) {
      if (entry.open === 0) this.agents.delete(key);
      else Object.assign(entry, { maxOpen: entry.open, opened: 0 });
    }
  }
}
