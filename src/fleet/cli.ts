#!/usr/bin/env node
/**
 * node-agent-sdk-fleet: runs one fleet worker from a shell or a container.
 *
 *   node-agent-sdk-fleet --bots bots.json [--bot ./my-bot.js] [--etcd http://host:2379,…] [options]
 */
import * as fs from 'fs';
import * as path from 'path';
import { Agent } from '../agent';
import { AgentFleet } from './fleet';
import type { EtcdFleetOptions } from './etcd';
import type { FleetAgentConfig } from './options';

const USAGE = `usage: node-agent-sdk-fleet --bots <bots.json> [--bot <module>] [--etcd <url,url,…>] [options]

  --bots <file>         JSON array of bot users (agent configurations, optional "id")
  --bot <module>        module exporting the bot: a factory (conf) => Agent, or an Agent subclass
                        (module.exports, default export or createAgent); default: a plain Agent
  --etcd <urls>         etcd endpoints; without it every bot runs in this process
  --namespace <prefix>  etcd key prefix (default node-agent-sdk/fleet/)
  --lease-ttl <s>       lease TTL in seconds (default 10)
  --settle <ms>         wait after a worker joins before taking free bots (default 1000)
  --worker-id <id>      this worker's id (default hostname-pid-random)

Prints one line per fleet event; SIGUSR2 prints the status as JSON; SIGINT/SIGTERM stop gracefully.`;

/** Flag → how it lands in the options. */
const FLAGS: Record<string, { key: string; number?: boolean }> = {
  '--bots': { key: 'bots' },
  '--bot': { key: 'bot' },
  '--etcd': { key: 'etcd' },
  '--namespace': { key: 'namespace' },
  '--lease-ttl': { key: 'leaseTtl', number: true },
  '--settle': { key: 'settle', number: true },
  '--worker-id': { key: 'workerId' },
};

export function parseArgs(argv: string[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const spec = FLAGS[flag];
    if (!spec) throw new Error(`unknown argument ${argv[i]}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (spec.number && !Number.isFinite(Number(value))) throw new Error(`${flag} needs a number, got ${value}`);
    out[spec.key] = spec.number ? Number(value) : value;
  }
  if (!out.bots) throw new Error('--bots is required');
  return out;
}

/** The factory a bot module exports: a function, or a class to instantiate with the conf. */
export function loadFactory(modulePath: string | undefined): (conf: FleetAgentConfig) => Agent {
  if (!modulePath) return (conf) => new Agent(conf);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(path.resolve(modulePath));
  const exported = typeof mod === 'function' ? mod : (mod?.createAgent ?? mod?.default);
  if (typeof exported !== 'function') throw new Error(`${modulePath} exports no bot: export a factory (conf) => Agent or an Agent subclass`);
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(exported));
  return isClass ? (conf) => new exported(conf) : (conf) => exported(conf);
}

async function main(): Promise<void> {
  let args: Record<string, string | number>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const bots = JSON.parse(fs.readFileSync(String(args.bots), 'utf8'));
  const etcd: EtcdFleetOptions | undefined = args.etcd
    ? { hosts: String(args.etcd), namespace: args.namespace as string | undefined, leaseTtl: args.leaseTtl as number | undefined, settle: args.settle as number | undefined }
    : undefined;
  const fleet = new AgentFleet({ bots, createAgent: loadFactory(args.bot as string | undefined), etcd, workerId: args.workerId as string | undefined });
  const log = (line: string) => console.log(`${new Date().toISOString()} ${fleet.workerId} ${line}`);
  fleet.on('acquired', (id) => log(`acquired ${id}`));
  fleet.on('released', (id, reason) => log(`released ${id} (${reason})`));
  fleet.on('lost', (id, reason) => log(`lost ${id} (${reason})`));
  fleet.on('error', (err, id) => log(`error${id ? ` ${id}` : ''}: ${err.message}`));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log('stopping');
    void fleet.stop().then(() => {
      log('stopped');
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGUSR2', () => console.log(JSON.stringify(fleet.status())));
  log(`starting: ${bots.length} bots, ${etcd ? `etcd ${etcd.hosts}` : 'local coordinator'}`);
  await fleet.start();
  if (!stopping) log(`joined: members ${fleet.status().members.join(', ')}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
