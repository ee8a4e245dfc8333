import { fork, type ChildProcess } from 'child_process';
import * as path from 'path';
import type { AgentFleetOptions, FleetStatus } from 'node-agent-sdk/fleet';

export interface FleetEventRecord {
  name: 'acquired' | 'released' | 'lost' | 'error';
  id?: string;
  reason?: string;
  at: number;
}

/** A real worker process (test/fleet/worker.ts) driven over IPC. */
export class WorkerProcess {
  readonly events: FleetEventRecord[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private readonly waiters: Array<{ type: string; resolve: (msg: any) => void }> = [];

  private constructor(readonly name: string, options: Omit<AgentFleetOptions, 'createAgent'>) {
    this.child = fork(path.join(__dirname, 'worker.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, FLEET_WORKER: JSON.stringify(options) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.child.on('message', (msg: any) => {
      if (msg.type === 'event') this.events.push(msg);
      const i = this.waiters.findIndex((w) => w.type === msg.type);
      if (i >= 0) this.waiters.splice(i, 1)[0].resolve(msg);
    });
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Forks a worker and waits until it has loaded (it joins only on `start()`). */
  static async spawn(name: string, options: Omit<AgentFleetOptions, 'createAgent'>): Promise<WorkerProcess> {
    const worker = new WorkerProcess(name, { ...options, workerId: name });
    await worker.next('ready');
    return worker;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Resolves with the next message of that type. */
  next(type: string): Promise<any> {
    return new Promise((resolve) => this.waiters.push({ type, resolve }));
  }

  start(): Promise<void> {
    const joined = this.next('joined');
    this.child.send({ cmd: 'start' });
    return joined;
  }

  async status(): Promise<FleetStatus> {
    const reply = this.next('status');
    this.child.send({ cmd: 'status' });
    return (await reply).status;
  }

  async stop(): Promise<void> {
    const stopped = this.next('stopped');
    this.child.send({ cmd: 'stop' });
    await stopped;
    await this.exited;
    this.killed = true;
  }

  killed = false;

  kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<unknown> {
    this.killed = true;
    this.child.kill(signal);
    return this.exited;
  }

  /** Ids of the events of one kind, in order. */
  ids(name: FleetEventRecord['name'], reason?: string): string[] {
    return this.events.filter((e) => e.name === name && (reason === undefined || e.reason === reason)).map((e) => e.id as string);
  }
}
