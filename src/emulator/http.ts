import type { IncomingMessage, ServerResponse } from 'http';
import { ServiceApis } from './apis';
import type { Core } from './core';
import { FILES_PREFIX, MAX_FILE_BYTES } from './files';
import type { HttpRoute } from './faults';
import type { AgentUser } from './model';
import type { Account } from './state';

/** Every CSDS service the SDK or its examples use; all point at this one server. */
const SERVICES = ['agentVep', 'facadeMsg', 'asyncMessagingEnt', 'msgHist', 'runtimeFormLogic', 'swift'];

type Json = Record<string, unknown>;

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const payload = body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const type = Buffer.isBuffer(body) ? 'application/octet-stream' : typeof body === 'string' ? 'text/plain' : 'application/json';
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** LivePerson's REST error body (WIRE.md 2.3). */
export function errorBody(message: string, internalCode: number, responseStatus = 'UNAUTHORIZED') {
  const time = new Date().toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'medium' });
  return { error: { time, message, internalCode, responseStatus } };
}

/** The whole request body; a body over `maxBytes` destroys the request ('body too large'). */
export function readBody(req: IncomingMessage, maxBytes = MAX_FILE_BYTES + 65_536): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The request target as a URL; undefined unless it is a well-formed "/path?query". */
function requestUrl(target: string | undefined): URL | undefined {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    return new URL(target, 'https://emulator');
  } catch {
    return undefined;
  }
}

function parseJson(raw: Buffer): Json | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** Which login kind the body is, and whether it names this agent (WIRE.md 2.1). */
function credentialsMatch(agent: AgentUser, body: Json): boolean {
  if (typeof body.assertion === 'string') return agent.assertion !== undefined && agent.assertion === body.assertion;
  if (agent.username !== body.username) return false;
  if (body.password !== undefined) return agent.password !== undefined && agent.password === body.password;
  const oauth = ['appKey', 'secret', 'accessToken', 'accessTokenSecret'] as const;
  return oauth.every((k) => agent[k] !== undefined && agent[k] === body[k]);
}

/** CSDS, agentVep login/refresh and swift file storage, all on the emulator's one HTTPS server. */
export class HttpRoutes {
  /** Agent surveys (`runtimeFormLogic`) and history (`msgHist`): see apis.ts. */
  private readonly apis: ServiceApis;

  constructor(
    private readonly core: Core,
    private readonly host: () => string,
  ) {
    this.apis = new ServiceApis(core);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.route(req, res).catch((err: unknown) => {
      this.core.options.log(`http ${req.method} ${req.url} failed: ${String(err)}`);
      if (!res.headersSent) send(res, 500, errorBody('Internal server error', 500, 'INTERNAL_SERVER_ERROR'));
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = requestUrl(req.url);
    if (!url) return send(res, 400, errorBody('Bad request target', 400, 'BAD_REQUEST'));
    const path = url.pathname;
    const account = /^\/api\/account\/([^/]+)\/(.+)$/.exec(path);
    const [, accountId, rest] = account ?? [];
    if (req.method === 'GET' && rest === 'service/baseURI.json') {
      if (!this.faulted('csds', res)) this.csds(accountId, res);
      return;
    }
    const single = rest === undefined ? null : /^service\/([^/]+)\/baseURI\.json$/.exec(rest);
    if (req.method === 'GET' && single) {
      if (!this.faulted('csds', res)) this.csdsOne(accountId, single[1], res);
      return;
    }
    if (req.method === 'POST' && (rest === 'login' || rest === 'refresh')) {
      const body = parseJson(await readBody(req));
      if (this.faulted(rest, res)) return;
      if (rest === 'login') this.login(accountId, body, res);
      else this.refresh(accountId, body, cookie(req, 'Session_id'), res);
      return;
    }
    if (path.startsWith(FILES_PREFIX) && (req.method === 'PUT' || req.method === 'GET')) {
      return this.file(req, url, res);
    }
    if (await this.apis.handle(req, url, res)) return;
    send(res, 404, errorBody('Not found', 404, 'NOT_FOUND'));
  }

  /** Answers with an armed HTTP fault; true when it did. */
  private faulted(route: HttpRoute, res: ServerResponse): boolean {
    const fault = this.core.faults.takeHttp(route);
    if (!fault) return false;
    send(res, fault.status, fault.body ?? errorBody(`Emulated ${route} failure`, fault.status, 'EMULATED_FAILURE'));
    return true;
  }

  private baseURIs(accountId: string) {
    if (!this.core.state.account(accountId)) return [];
    return SERVICES.map((service) => ({ account: accountId, service, baseURI: this.host() }));
  }

  private csds(accountId: string, res: ServerResponse): void {
    send(res, 200, { baseURIs: this.baseURIs(accountId) });
  }

  private csdsOne(accountId: string, service: string, res: ServerResponse): void {
    const found = this.baseURIs(accountId).find((b) => b.service === service);
    send(res, found ? 200 : 404, found ?? errorBody('Service not found', 404, 'NOT_FOUND'));
  }

  private login(accountId: string, body: Json | undefined, res: ServerResponse): void {
    if (!body) return send(res, 400, errorBody('Bad request body', 400, 'BAD_REQUEST'));
    const account: Account | undefined = this.core.state.account(accountId);
    const agent = [...(account?.agents.values() ?? [])].find((a) => credentialsMatch(a, body));
    if (!agent) return send(res, 401, errorBody('Authentication failed: bad credentials or site', 25));
    const session = this.core.sessions.create(agent, true);
    const now = Date.now();
    send(
      res,
      200,
      {
        csrf: session.csrf,
        wsuk: String(now),
        config: {
          loginName: agent.username,
          userId: agent.userId,
          userPid: agent.userPid,
          userPrivileges: [100, 101, 1730],
          serverCurrentTime: now,
          timeDiff: 0,
          serverTimeZoneName: 'UTC',
          serverTimeGMTDiff: 0,
          isLPA: false,
          isAdmin: false,
          accountTimeZoneId: 'UTC',
        },
        csdsCollectionResponse: { baseURIs: this.baseURIs(accountId) },
        accountData: { agentGroupsData: { items: [{ id: -1, deleted: false, name: 'Main Group' }], revision: 1 } },
        sessionTTl: String(this.core.options.sessionTtlMs),
        bearer: session.bearer,
      },
      { 'Set-Cookie': `Session_id=${session.cookie}; Path=/; Secure; HttpOnly` },
    );
  }

  /** Needs the login's cookie and csrf together; success extends the bearer. */
  private refresh(accountId: string, body: Json | undefined, sessionId: string | undefined, res: ServerResponse): void {
    const session = sessionId ? this.core.sessions.byCookie(sessionId) : undefined;
    if (!session || session.agent.accountId !== accountId || !body || body.csrf !== session.csrf) {
      return send(res, 401, errorBody('CSRF token invalid! Please login again.', 10));
    }
    this.core.sessions.extend(session);
    send(res, 200);
  }

  private async file(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const files = this.core.files;
    const valid = files.verify(
      req.method ?? '',
      url.pathname,
      url.searchParams.get('temp_url_sig'),
      url.searchParams.get('temp_url_expires'),
    );
    if (!valid) return send(res, 401, 'Temp URL invalid');
    if (req.method === 'PUT') {
      files.put(url.pathname, await readBody(req));
      return send(res, 201);
    }
    const content = files.get(url.pathname);
    send(res, content ? 200 : 404, content ?? 'Not found');
  }
}
