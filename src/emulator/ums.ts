import { STATUS_CODES } from 'http';
import type { IncomingMessage } from 'http';
import type { Duplex } from 'stream';
import WebSocket, { WebSocketServer } from 'ws';
import { Connection } from './connection';
import type { Core } from './core';
import { HANDLERS, STRING_RESP, UmsError } from './handlers';
import type { Reply } from './handlers';
import type { Session } from './sessions';

const WS_PATH = /^\/ws_api\/account\/([^/]+)\/messaging\/brand\/([^/]+)$/;

/** The upgrade's path, account and bearer; undefined when the request target is malformed. */
function parseTarget(target: string | undefined): { url: URL; match: RegExpExecArray | null; account?: string; bearer?: string } | undefined {
  // Only origin-form targets ("/path?query"); "//x" and absolute URLs are not UMS requests.
  if (!target || !target.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    const url = new URL(target, 'wss://emulator');
    const match = WS_PATH.exec(url.pathname);
    if (!match) return { url, match };
    return { url, match, account: decodeURIComponent(match[1]), bearer: decodeURIComponent(match[2]) };
  } catch {
    return undefined; // bad percent-encoding and the like
  }
}

/** Ends a pending upgrade with a plain HTTP answer (clients see "Unexpected server response"). */
function refuse(socket: Duplex, status: number): void {
  const message = STATUS_CODES[status] ?? 'Error';
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${message}\r\nConnection: close\r\nContent-Type: text/plain\r\n` +
      `Content-Length: ${Buffer.byteLength(message)}\r\n\r\n${message}`,
  );
}

/** The UMS messaging websocket: authenticates upgrades, owns the connections, dispatches requests. */
export class Ums {
  // Pongs are sent by hand so that a fault can withhold them.
  private readonly wss: WebSocketServer;

  constructor(private readonly core: Core) {
    this.wss = new WebSocketServer({
      noServer: true,
      autoPong: false,
      perMessageDeflate: false,
      clientTracking: false,
      maxPayload: core.options.maxPayload,
    });
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => undefined);
    const target = parseTarget(req.url);
    if (!target) return refuse(socket, 400);
    const { url, match, account, bearer } = target;
    if (!match || account === undefined || bearer === undefined) return refuse(socket, 404);
    const faultStatus = this.core.faults.takeUpgrade();
    if (faultStatus !== undefined) return refuse(socket, faultStatus);
    const session = this.core.sessions.byBearer(bearer);
    if (!session || session.agent.accountId !== account) return refuse(socket, 401);
    const version = Number(url.searchParams.get('v') ?? '2.1');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.attach(ws, session, Number.isFinite(version) ? version : 2.1));
  }

  /** Closes the sockets of an expired session with 4401, as UMS does when a token dies. */
  sessionExpired(session: Session): void {
    for (const conn of this.core.connections) {
      if (conn.session === session) conn.ws.close(4401, 'Token expired');
    }
  }

  close(): void {
    for (const conn of this.core.connections) conn.ws.terminate();
    this.core.connections.clear();
    this.wss.close();
  }

  private attach(ws: WebSocket, session: Session, version: number): void {
    const conn = new Connection(ws, session, version);
    const { connections, events, faults, options } = this.core;
    connections.add(conn);
    const who = { connectionId: conn.id, agent: session.agent.username };
    ws.on('ping', (data) => {
      if (faults.answersPings) ws.pong(data);
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.receive(conn, data.toString());
    });
    ws.on('error', (err) => options.log(`ws ${conn.id}: ${err.message}`));
    ws.on('close', (code) => {
      connections.delete(conn);
      events.emit('disconnection', { ...who, code });
    });
    events.emit('connection', who);
    // The token may have died while the handshake was in flight.
    if (!session.valid) ws.close(4401, 'Token expired');
  }

  private receive(conn: Connection, raw: string): void {
    let frame: unknown;
    try {
      frame = JSON.parse(raw);
    } catch {
      return; // UMS ignores text it cannot parse
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return;
    const req = frame as Record<string, unknown>;
    if (req.kind !== 'req') return;
    this.core.events.emit('request', { frame: req, agent: conn.agent.username, connectionId: conn.id });
    const type = typeof req.type === 'string' ? req.type : '';
    const respond = (reply: Reply) => {
      if (conn.send({ kind: 'resp', reqId: req.id, code: reply.code, type: reply.type, body: reply.body }) || !conn.isOpen) return;
      this.core.options.log(`answer to ${type} could not be serialised`);
      conn.send({ kind: 'resp', reqId: req.id, code: 500, type: STRING_RESP, body: 'Internal server error: the answer could not be serialised' });
    };
    // What cannot be written back as JSON (nesting too deep) is refused before it is stored anywhere.
    if (!serialisable(req)) return respond({ code: 400, type: STRING_RESP, body: 'Bad request: frame too deeply nested' });
    const fault = this.core.faults.takeResponse(type);
    if (fault?.kind === 'fail') return respond({ code: fault.code, type: STRING_RESP, body: fault.body });
    const { value: reply, flush } = this.core.outbox.collect(() => this.handle(conn, type, req));
    if (fault?.kind === 'drop') return flush();
    const deliver = () => {
      respond(reply);
      flush();
    };
    if (fault?.kind === 'delay') this.core.timers.set(deliver, fault.ms);
    else deliver();
  }

  private handle(conn: Connection, type: string, req: Record<string, unknown>): Reply {
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, type) ? HANDLERS[type] : undefined;
    try {
      if (!handler) throw new UmsError(400, 'Unknown request type');
      if (typeof req.id !== 'string' || req.id === '') throw new UmsError(400, 'Bad request: id');
      const account = this.core.state.requireAccount(conn.accountId);
      const ctx = { core: this.core, conn, agent: conn.agent, account, metadata: req.metadata };
      return handler(ctx, req.body === undefined ? {} : req.body);
    } catch (err) {
      if (err instanceof UmsError) return { code: err.code, type: STRING_RESP, body: err.message };
      this.core.options.log(`request ${type} failed: ${err instanceof Error ? err.stack : String(err)}`);
      return { code: 500, type: STRING_RESP, body: 'Internal server error' };
    }
  }
}

function serialisable(value: unknown): boolean {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
}
