import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import { get } from 'http';
import { createServer } from 'net';
import * as os from 'os';
import * as path from 'path';

/** How to get etcd on Debian/Ubuntu. */
export const ETCD_INSTALL = 'apt-get install -y etcd-server';

/** The etcd binary on PATH, if any. */
export function etcdBinary(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir, 'etcd');
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(`${url}/health`, { timeout: 1000 }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve(res.statusCode === 200 && body.includes('"true"')));
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

/** A single-member etcd on 127.0.0.1 with free ports and a temporary data dir. */
export class EtcdServer {
  private child?: ChildProcess;
  private exited?: Promise<void>;
  readonly url: string;

  private constructor(
    private readonly bin: string,
    private readonly dir: string,
    readonly clientPort: number,
    private readonly peerPort: number,
  ) {
    this.url = `http://127.0.0.1:${clientPort}`;
  }

  static async start(): Promise<EtcdServer> {
    const bin = etcdBinary();
    if (!bin) throw new Error(`etcd is not installed: ${ETCD_INSTALL}`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleet-etcd-'));
    const server = new EtcdServer(bin, dir, await freePort(), await freePort());
    await server.resume();
    return server;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** Starts (again) on the same ports and data dir; resolves when /health says so. */
  async resume(): Promise<void> {
    const peer = `http://127.0.0.1:${this.peerPort}`;
    const child = spawn(this.bin, [
      '--name', 'fleet-test', '--data-dir', path.join(this.dir, 'data'),
      '--listen-client-urls', this.url, '--advertise-client-urls', this.url,
      '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `fleet-test=${peer}`,
      '--logger', 'zap', '--log-level', 'error',
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let dead = false;
    void this.exited.then(() => (dead = true));
    while (!(await healthy(this.url))) {
      if (dead) throw new Error(`etcd exited while starting: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops the process (SIGKILL by default: etcd just vanishes, as in a crash or a partition). */
  async pause(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.child) return;
    this.child.kill(signal);
    await this.exited;
    this.child = undefined;
  }

  async close(): Promise<void> {
    await this.pause('SIGTERM');
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Requests served so far by etcd's gRPC API (stream messages included), from its /metrics. */
  requestCount(): Promise<number> {
    return metricSum(this.url, 'grpc_server_msg_received_total');
  }
}

/** Sums every sample of a Prometheus counter from `url/metrics`. */
export function metricSum(url: string, name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(`${url}/metrics`, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => {
        let sum = 0;
        for (const line of body.split('\n')) if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
        resolve(sum);
      });
    }).on('error', reject);
  });
}
