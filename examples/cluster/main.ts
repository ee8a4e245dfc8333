/**
 * The bot cluster, locally: etcd, the emulator with 12 bot users, and 3 worker processes that
 * share them. A consumer talks to whichever bot takes the conversation; then one worker is
 * killed with SIGKILL and the survivors take its bots over. Without etcd installed, the same
 * bots run in this process on the local coordinator.
 */
import { fork, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { startEmulator, type Emulator } from 'node-agent-sdk/emulator';
import { AgentFleet, type BotConfig } from 'node-agent-sdk/fleet';
import { describeMessage, run } from '../lib/run';
import { createAgent } from './cluster-bot';
import { ETCD_INSTALL, EtcdServer, etcdBinary } from './etcd-server';

const BOT_USERS = 12;
const WORKERS = 3;
const LEASE_TTL = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(20);
}

function printConversation(emulator: Emulator): void {
  emulator.on('conversationAssigned', (c) => console.log(`[service] conversation assigned to ${c.agent}`));
  emulator.on('consumerMessage', (m) => console.log(`  consumer > ${describeMessage(m.record)}`));
  emulator.on('agentMessage', (m) => console.log(`  ${m.agent} > ${describeMessage(m.record)}`));
  emulator.on('conversationClosed', (c) => console.log(`[service] conversation closed (${c.closeReason})`));
}

/** A consumer writes, gets the answer of the bot that took the conversation, and closes it with #close. */
async function talk(emulator: Emulator): Promise<void> {
  const consumer = emulator.consumer({ profile: { firstName: 'Ada' } });
  await consumer.startConversation();
  await consumer.send('hello cluster');
  await consumer.waitForMessage(/^response from /);
  await consumer.send('#close');
  await consumer.waitForClose();
}

class Worker {
  readonly bots = new Set<string>();
  readonly exited: Promise<void>;
  private readonly child: ChildProcess;

  constructor(readonly name: string, env: NodeJS.ProcessEnv) {
    this.child = fork(path.join(__dirname, 'worker.ts'), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, ...env, WORKER_ID: name }, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let buffered = '';
    this.child.stdout?.on('data', (chunk) => {
      const lines = (buffered + chunk).split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) this.line(line);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
  }

  /** Fleet events are printed; the bots' own chatter is not. */
  private line(line: string): void {
    const m = /^(add|remove|lost|error) ?(\S*)/.exec(line);
    if (!m) return;
    if (m[1] === 'add') this.bots.add(m[2]);
    if (m[1] === 'remove' || m[1] === 'lost') this.bots.delete(m[2]);
    console.log(`[${this.name}] ${line}`);
  }

  signal(signal: NodeJS.Signals): Promise<void> {
    this.child.kill(signal);
    return this.exited;
  }
}

function printShares(workers: Worker[]): void {
  for (const w of workers) console.log(`  ${w.name}: ${w.bots.size} bots (${[...w.bots].map((id) => id.split('/')[1]).sort().join(', ')})`);
}

// Output piped into `head` that has closed must not end this process before it stops etcd and the workers.
process.stdout.on('error', () => undefined);

run(async () => {
  const emulator = await startEmulator();
  const bots: BotConfig[] = [];
  for (let i = 1; i <= BOT_USERS; i++) {
    const username = `cluster-bot-${String(i).padStart(2, '0')}`;
    emulator.addAgent({ username, password: `secret-${i}` });
    bots.push(emulator.agentConfig(username));
  }
  printConversation(emulator);
  const stats = () => emulator.stats().agents;
  const allRunning = () => bots.every((b) => stats()[`${b.accountId}/${b.username}`]?.open === 1);

  if (!etcdBinary()) {
    console.log(`etcd is not installed (${ETCD_INSTALL}): running the ${BOT_USERS} bots in this process on the local coordinator`);
    const fleet = new AgentFleet({ bots, createAgent });
    await fleet.start();
    await until(allRunning);
    await talk(emulator);
    await fleet.stop();
    await emulator.close();
    return;
  }

  const etcd = await EtcdServer.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-cluster-'));
  const botFile = path.join(dir, 'bots.json');
  fs.writeFileSync(botFile, JSON.stringify(bots));
  console.log(`etcd at ${etcd.url}, the emulator at ${emulator.url}, ${BOT_USERS} bot users, ${WORKERS} workers, lease TTL ${LEASE_TTL} s`);
  const env = { BOT_CONFIG_FILE: botFile, ETCD_HOSTS: etcd.url, LEASE_TTL: String(LEASE_TTL) };
  const workers = Array.from({ length: WORKERS }, (_, i) => new Worker(`worker-${i + 1}`, env));
  try {
    // Workers that start a little apart may move a few bots between them before the shares are even.
    await until(() => allRunning() && workers.every((w) => w.bots.size === BOT_USERS / WORKERS));
    console.log('all bot users connected:');
    printShares(workers);

    await talk(emulator);

    const [victim, ...survivors] = workers;
    const orphans = [...victim.bots];
    emulator.resetStats();
    const killedAt = Date.now();
    console.log(`kill -9 ${victim.name} (${orphans.length} bots)`);
    await victim.signal('SIGKILL');
    await until(() => orphans.every((id) => stats()[id]?.open === 1));
    console.log(`takeover: ${orphans.length} bots of ${victim.name} running again on ${survivors.map((w) => w.name).join(' and ')} after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    printShares(survivors);
    const maxOpen = Math.max(...Object.values(stats()).map((a) => a.maxOpen));
    console.log(`max concurrent sockets per bot user: ${maxOpen}`);

    await Promise.all(survivors.map((w) => w.signal('SIGTERM')));
    console.log(`workers stopped; sockets left: ${emulator.stats().open}`);
  } finally {
    await Promise.all(workers.map((w) => w.signal('SIGKILL')));
    await etcd.close();
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
