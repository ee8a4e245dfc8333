/**
 * One worker of the bot cluster: runs its share of the bot users in BOT_CONFIG_FILE, on the
 * etcd at ETCD_HOSTS. Start as many as you like, on as many machines; each bot user runs in
 * exactly one of them. (`npx node-agent-sdk-fleet --etcd … --bots … --bot ./cluster-bot` does
 * the same from the command line.)
 */
import * as fs from 'fs';
import { AgentFleet } from 'node-agent-sdk/fleet';
import { createAgent } from './cluster-bot';

const bots = JSON.parse(fs.readFileSync(process.env.BOT_CONFIG_FILE ?? 'bots.json', 'utf8'));
const fleet = new AgentFleet({
  bots,
  createAgent,
  workerId: process.env.WORKER_ID,
  etcd: { hosts: process.env.ETCD_HOSTS ?? 'http://127.0.0.1:2379', leaseTtl: Number(process.env.LEASE_TTL ?? 10) },
});
fleet.on('acquired', (id) => console.log(`add ${id}`));
fleet.on('released', (id, why) => console.log(`remove ${id} (${why})`));
fleet.on('lost', (id, why) => console.log(`lost ${id} (${why})`));
fleet.on('error', (err, id) => console.log(`error${id ? ` ${id}` : ''}: ${err.message}`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void fleet.stop().then(() => process.exit(0)));
void fleet.start();
