import type { IncomingMessage, ServerResponse } from 'http';
import { ServiceApis } from './apis';
import type { Connection } from './connection';
import type { Faults, HttpRoute } from './faults';
import { FILES_PREFIX } from './files';
import type { FileStore } from './files';
import type { AgentUser } from './model';
import { cookie, errorBody, parseJsonObject, readBody, requestUrl, send } from './rest';
import type { Json } from './rest';
import type { Sessions } from './sessions';
import type { Account, State } from './state';

/** The CSDS services the emulator serves (every one the SDK or its examples use); all point at this one server. */
const CSDS_SERVICES = ['agentVep', 'facadeMsg', 'asyncMessagingEnt', 'msgHist', 'runtimeFormLogic', 'swift'];

/** What the HTTPS routes read and change. */
interface HttpDeps {
  state: Pick<State, 'account'>;
  sessions: Pick<Sessions, 'create' | 'byCookie' | 'byBearer' | 'extend'>;
  files: Pick<FileStore, 'verify' | 'put' | 'get'>;
  faults: Pick<Faults, 'takeHttp'>;
  connections: ReadonlySet<Connection>;
  /** `127.0.0.1:PORT`, known once the server listens: every CSDS `baseURI`. */
  host: () => string;
  /** The bearer lifetime the next login announces (`sessionTTl`). */
  sessionTtlMs: () => number;
  log: (line: string) => void;
}

/** Which login kind the body is, and whether it names this agent (docs/protocol.md, "Login"). */
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

  constructor(private readonly deps: HttpDeps) {
    this.apis = new ServiceApis(deps);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.route(req, res).catch((err: unknown) => {
      this.deps.log(`http ${req.method} ${req.url} failed: ${String(err)}`);
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
      const body = parseJsonObject(await readBody(req));
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
    const fault = this.deps.faults.takeHttp(route);
    if (!fault) return false;
    send(res, fault.status, fault.body ?? errorBody(`Emulated ${route} failure`, fault.status, 'EMULATED_FAILURE'));
    return true;
  }

  private baseURIs(accountId: string) {
    if (!this.deps.state.account(accountId)) return [];
    return CSDS_SERVICES.map((service) => ({ account: accountId, service, baseURI: this.deps.host() }));
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
    const account: Account | undefined = this.deps.state.account(accountId);
    const agent = [...(account?.agents.values() ?? [])].find((a) => credentialsMatch(a, body));
    if (!agent) return send(res, 401, errorBody('Authentication failed: bad credentials or site', 25));
    const session = this.deps.sessions.create(agent, true);
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
        sessionTTl: String(this.deps.sessionTtlMs()),
        bearer: session.bearer,
      },
      { 'Set-Cookie': `Session_id=${session.cookie}; Path=/; Secure; HttpOnly` },
    );
  }

  /** Needs the login's cookie and csrf together; success extends the bearer. */
  private refresh(accountId: string, body: Json | undefined, sessionId: string | undefined, res: ServerResponse): void {
    const session = sessionId ? this.deps.sessions.byCookie(sessionId) : undefined;
    if (!session || session.agent.accountId !== accountId || !body || body.csrf !== session.csrf) {
      return send(res, 401, errorBody('CSRF token invalid! Please login again.', 10));
    }
    this.deps.sessions.extend(session);
    send(res, 200);
  }

  private async file(req: IncomingMessage, url: URL, res: ServerResponse): Promise<void> {
    const files = this.deps.files;
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
