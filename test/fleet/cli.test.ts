import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Etcd3 } from 'etcd3';
import { startEmulator, type Emulator } from 'node-agent-sdk/emulator';
import { describeWithEtcd, EtcdServer } from '../helpers/etcd';
import { until } from '../helpers/wait';

/** The `node-agent-sdk-fleet` command, run as a real process (from the sources, through tsx). */

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'src/fleet/cli.ts');
const BOT = path.join(ROOT, 'examples/cluster/cluster-bot.ts');

class Cli {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';
  private readonly child: ChildProcess;

  constructor(args: string[]) {
    this.child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let buffered = '';
    this.child.stdout?.on('data', (d) => {
      const parts = (buffered + d).split('\n');
      buffered = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    this.child.stderr?.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Fleet event lines without the timestamp and worker id: `acquired 1/x`. */
  events(): string[] {
    return this.lines.map((l) => l.split(' ').slice(2).join(' ')).filter((l) => /^(acquired|released|lost) /.test(l));
  }

  /** Bots this worker runs now, from its event lines. */
  held(): string[] {
    const held = new Set<string>();
    for (const e of this.events()) {
      const [what, id] = e.split(' ');
      if (what === 'acquired') held.add(id);
      else held.delete(id);
    }
    return [...held].sort();
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }
}

let emulator: Emulator;
let dir: string;
let botsFile: string;
let ids: string[];
const clis: Cli[] = [];

beforeEach(async () => {
  emulator = await startEmulator();
  const bots = [];
  for (let i = 1; i <= 4; i++) {
    emulator.addAgent({ username: `cli-bot-${i}`, password: `pw-${i}` });
    bots.push(emulator.agentConfig(`cli-bot-${i}`));
  }
  ids = bots.map((b) => `${b.accountId}/${b.username}`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-cli-'));
  botsFile = path.join(dir, 'bots.json');
  fs.writeFileSync(botsFile, JSON.stringify(bots));
});

afterEach(async () => {
  for (const cli of clis.splice(0)) {
    cli.signal('SIGKILL');
    await cli.exited;
  }
  await emulator.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]): Cli {
  const c = new Cli(args);
  clis.push(c);
  return c;
}

describe('node-agent-sdk-fleet', () => {
  it('runs the bot module for every bot (local coordinator), prints status on SIGUSR2, stops on SIGTERM', async () => {
    const worker = cli(['--bots', botsFile, '--bot', BOT, '--worker-id', 'cli-1']);
    await until(() => emulator.stats().open === 4);
    expect(worker.events().sort()).toEqual(ids.map((id) => `acquired ${id}`).sort());
    expect(worker.lines[0]).toMatch(/^\S+ cli-1 starting: 4 bots, local coordinator$/);

    // The module's bot answers: it is the cluster example's echo.
    const consumer = emulator.consumer();
    await consumer.startConversation();
    await consumer.send('hi');
    await consumer.waitForMessage(/^response from 12345678\/cli-bot-\d$/);

    worker.signal('SIGUSR2');
    await until(() => worker.lines.some((l) => l.startsWith('{')));
    const status = JSON.parse(worker.lines.find((l) => l.startsWith('{')) as string);
    expect(status).toMatchObject({ workerId: 'cli-1', coordinator: 'local', state: 'active', members: ['cli-1'], configured: 4 });
    expect(status.bots.map((b: { id: string }) => b.id)).toEqual([...ids].sort());

    worker.signal('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(worker.events().filter((e) => e.startsWith('released')).sort()).toEqual(ids.map((id) => `released ${id} (stop)`).sort());
    expect(emulator.stats().open).toBe(0);
    expect(worker.stderr).toBe('');
  });

  it.each([
    [[], '--bots is required'],
    [['--bots'], '--bots needs a value'],
    [['--nope', 'x'], 'unknown argument --nope'],
    [['--bots', 'b.json', '--lease-ttl', 'ten'], '--lease-ttl needs a number, got ten'],
  ])('bad arguments %j: exit 2 with the reason and the usage', async (args, reason) => {
    const worker = cli(args);
    expect(await worker.exited).toBe(2);
    expect(worker.stderr).toContain(`${reason}\n\nusage: node-agent-sdk-fleet --bots <bots.json>`);
  });

  it('a bot module that exports no bot: exit 1 with the reason', async () => {
    const empty = path.join(dir, 'empty.js');
    fs.writeFileSync(empty, 'module.exports = { nothing: 1 };\n');
    const worker = cli(['--bots', botsFile, '--bot', empty]);
    expect(await worker.exited).toBe(1);
    expect(worker.stderr).toContain(`${empty} exports no bot: export a factory (conf) => Agent or an Agent subclass`);
  });
});

describeWithEtcd('node-agent-sdk-fleet on etcd', () => {
  let etcd: EtcdServer;

  beforeAll(async () => {
    etcd = await EtcdServer.start();
  });

  afterAll(async () => {
    await etcd?.close();
  });

  it('two workers share the bots; one stops gracefully and the other takes them all; no key is left', async () => {
    const common = ['--bots', botsFile, '--bot', BOT, '--etcd', etcd.url, '--lease-ttl', '2', '--namespace', 'cli-test/', '--settle', '500'];
    const a = cli([...common, '--worker-id', 'cli-a']);
    const b = cli([...common, '--worker-id', 'cli-b']);
    await until(() => emulator.stats().open === 4 && a.held().length === 2 && b.held().length === 2);
    expect([...a.held(), ...b.held()].sort()).toEqual([...ids].sort());

    a.signal('SIGTERM');
    expect(await a.exited).toBe(0);
    await until(() => b.held().length === 4 && emulator.stats().open === 4);
    expect(Object.values(emulator.stats().agents).every((s) => s.maxOpen === 1)).toBe(true);

    b.signal('SIGTERM');
    expect(await b.exited).toBe(0);
    expect(emulator.stats().open).toBe(0);
    const client = new Etcd3({ hosts: etcd.url });
    try {
      expect(await client.getAll().prefix('cli-test/').keys()).toEqual([]);
    } finally {
      client.close();
    }
  });
});
