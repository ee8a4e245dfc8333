import * as https from 'https';
import type { AddressInfo } from 'net';
import type { Duplex } from 'stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { testCertificate } from './tls';

export interface RecordedHttp {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface HttpReply {
  status?: number;
  statusText?: string;
  body?: unknown;
  headers?: Record<string, string | string[]>;
  /** Destroy the connection without answering (a network failure). */
  destroy?: boolean;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

export type Route = (req: RecordedHttp) => HttpReply | Promise<HttpReply>;

export const ACCOUNT = '123456';
export const USER_ID = '7777';
export const USER_PID = 'a8f3c4e2-1111-4222-8333-944455556666';
export const BEARER = 'bearer-1';
export const CSRF = 'csrf-1';

/**
 * A stand-in for LivePerson on 127.0.0.1 for the SDK's tests: CSDS, login, refresh and the
 * messaging websocket on one HTTPS server with a generated certificate. Every HTTP call and
 * websocket frame is recorded; each route can be replaced by a test.
 */
export class FakeLP {
  readonly http: RecordedHttp[] = [];
  readonly frames: any[] = [];
  readonly sockets: WebSocket[] = [];
  readonly upgrades: string[] = [];
  /** Valid bearer tokens for the socket; others get HTTP 401 at upgrade. */
  readonly tokens = new Set<string>([BEARER]);
  /** Answers requests automatically unless it returns undefined. */
  responder: ((frame: any) => { code?: number; type?: string; body?: unknown } | undefined) | undefined = defaultResponder;
  routes: { csds: Route; login: Route; refresh: Route };
  private frameWaiters: Array<(frame: any) => void> = [];
  private socketWaiters: Array<(ws: WebSocket) => void> = [];
  private loginCount = 0;

  private constructor(
    readonly server: https.Server,
    readonly wss: WebSocketServer,
    readonly ca: string,
  ) {
    this.routes = {
      csds: () => ({ body: { baseURIs: this.baseURIs() } }),
      login: () => {
        this.loginCount++;
        const bearer = this.loginCount === 1 ? BEARER : `${BEARER}-${this.loginCount}`;
        this.tokens.add(bearer);
        return {
          body: { csrf: CSRF, wsuk: '1', config: { userId: USER_ID, userPid: USER_PID, loginName: 'bot' }, sessionTTl: '28800000', bearer },
          headers: { 'Set-Cookie': ['Session_id=s1; Path=/; Secure; HttpOnly', 'other=o1; Path=/'] },
        };
      },
      refresh: () => ({ status: 200 }),
    };
  }

  /** `autoPong: false` makes the server ignore pings (a dead peer, for heartbeat tests). */
  static async start(options: { autoPong?: boolean } = {}): Promise<FakeLP> {
    const { cert, key } = await testCertificate();
    const server = https.createServer({ cert, key });
    const wss = new WebSocketServer({ noServer: true, autoPong: options.autoPong ?? true });
    const lp = new FakeLP(server, wss, cert);
    server.on('request', (req, res) => lp.onHttp(req, res));
    server.on('upgrade', (req, socket, head) => lp.onUpgrade(req, socket, head));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return lp;
  }

  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  baseURIs(): Array<{ account: string; service: string; baseURI: string }> {
    return ['agentVep', 'facadeMsg', 'asyncMessagingEnt'].map((service) => ({ account: ACCOUNT, service, baseURI: this.host }));
  }

  /** The Agent configuration that reaches this server. */
  config(extra: Record<string, unknown> = {}): any {
    return { accountId: ACCOUNT, username: 'bot', password: 'secret', csdsDomain: this.host, ca: this.ca, ...extra };
  }

  requestsTo(kind: 'csds' | 'login' | 'refresh'): RecordedHttp[] {
    const marker = { csds: '/service/baseURI.json', login: '/login?', refresh: '/refresh?' }[kind];
    return this.http.filter((r) => r.path.includes(marker));
  }

  /** The next request frame the client sends (already received ones first). */
  nextFrame(): Promise<any> {
    return new Promise((resolve) => this.frameWaiters.push(resolve));
  }

  nextSocket(): Promise<WebSocket> {
    return new Promise((resolve) => this.socketWaiters.push(resolve));
  }

  get socket(): WebSocket {
    return this.sockets[this.sockets.length - 1];
  }

  /** Sends a raw frame (object or text) on the latest socket. */
  push(frame: unknown): void {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  notify(type: string, body: unknown): void {
    this.push({ kind: 'notification', type, body });
  }

  reply(request: any, body: unknown, code = 200, type = `${request.type}$Response`): void {
    this.push({ kind: 'resp', reqId: request.id, code, type, body });
  }

  async close(): Promise<void> {
    for (const ws of this.wss.clients) ws.terminate();
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onHttp(req: import('http').IncomingMessage, res: import('http').ServerResponse): void {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', async () => {
      let body: any = raw;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        /* keep the text */
      }
      const record: RecordedHttp = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      this.http.push(record);
      const path = record.path;
      const route = path.includes('/service/baseURI.json') ? this.routes.csds : path.includes('/login?') ? this.routes.login : path.includes('/refresh?') ? this.routes.refresh : undefined;
      const reply: HttpReply = route ? await route(record) : { status: 404 };
      if (reply.hang) return;
      if (reply.destroy) {
        req.socket.destroy();
        return;
      }
      const payload = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, reply.statusText ?? '', { 'Content-Type': 'application/json', ...reply.headers });
      res.end(payload);
    });
  }

  private onUpgrade(req: import('http').IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = req.url ?? '';
    this.upgrades.push(url);
    const match = /^\/ws_api\/account\/([^/]+)\/messaging\/brand\/([^?]+)\?v=(.+)$/.exec(url);
    if (!match || !this.tokens.has(match[2])) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.push(ws);
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        this.frames.push(frame);
        const waiter = this.frameWaiters.shift();
        if (waiter) waiter(frame);
        const answer = this.responder?.(frame);
        if (answer) ws.send(JSON.stringify({ kind: 'resp', reqId: frame.id, code: answer.code ?? 200, type: answer.type ?? `${frame.type}$Response`, body: answer.body }));
      });
      const waiter = this.socketWaiters.shift();
      if (waiter) waiter(ws);
    });
  }
}

/** Answers every request with a plausible success, like the service. */
export function defaultResponder(frame: any): { code?: number; type?: string; body?: unknown } | undefined {
  switch (frame.type) {
    case '.GetClock':
      return { body: { currentTime: 1700000000000 } };
    case '.ams.ms.QueryMessages':
      return { body: [] };
    case '.ams.routing.SetAgentState':
    case '.ams.routing.UpdateRingState':
      return { code: 202, type: '.ReqBody$StringResp', body: 'ok' };
    default:
      return { body: { subscriptionId: 'sub-1' } };
  }
}
