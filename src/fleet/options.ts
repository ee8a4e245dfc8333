import type { Agent } from '../agent';
import type { AgentConfig } from '../config';
import type { Coordinator } from './coordinator';
import type { EtcdFleetOptions } from './etcd';

/** A bot user of the fleet: an agent configuration plus an id unique in the fleet. */
export type BotConfig = AgentConfig & {
  /** The bot's id in the fleet (its etcd key). Default `accountId/username`; required when there is no `username`. */
  id?: string;
};

/** The configuration an agent of the fleet is created with: the bot's, with its `id` filled in. */
export type FleetAgentConfig = AgentConfig & { id: string };

/** Options of {@link AgentFleet}. */
export interface AgentFleetOptions<A extends Agent = Agent> {
  /** The bot users. Every worker of a fleet should be given the same list. Required. */
  bots: BotConfig[];
  /** Makes the agent of a bot this worker has taken. Default `(conf) => new Agent(conf)`. */
  createAgent?: (conf: FleetAgentConfig) => A;
  /** Coordinate on etcd (many processes and machines). Default none: every bot runs in this process. */
  etcd?: EtcdFleetOptions;
  /** Any other coordinator (instead of `etcd`). Default the local one. */
  coordinator?: Coordinator;
  /** This worker's id among the members. Default `hostname-pid` (plus a random suffix with etcd). */
  workerId?: string;
}

/** Checks the bots and gives each its id; throws a clear Error on bad input. */
export function resolveBots(bots: unknown): Array<FleetAgentConfig> {
  if (!Array.isArray(bots)) throw new Error('bots must be an array of agent configurations');
  const seen = new Set<string>();
  return bots.map((bot, i) => {
    if (!bot || typeof bot !== 'object' || Array.isArray(bot)) throw new Error(`bots[${i}] must be an object`);
    const conf = bot as BotConfig;
    if (typeof conf.accountId !== 'string' && typeof conf.accountId !== 'number') throw new Error(`bots[${i}]: missing accountId`);
    const id = conf.id ?? (conf.username !== undefined ? `${conf.accountId}/${conf.username}` : undefined);
    if (typeof id !== 'string' || id === '') throw new Error(`bots[${i}]: an id is required when there is no username`);
    if (seen.has(id)) throw new Error(`bots[${i}]: duplicate bot id ${id}`);
    seen.add(id);
    return { ...conf, id };
  });
}
