import { call, USER_AGENT } from '../http';
import type { HttpClient } from '../http';
import { SERVICES } from '../errors';
import type { SDKError } from '../errors';
import { authKindOf } from '../config';
import type { AgentConfig } from '../config';
import { CookieJar } from './cookies';

/** The login body for each kind of credentials, exactly as agentVep receives it. */
function loginBody(conf: AgentConfig): Record<string, unknown> {
  switch (authKindOf(conf)) {
    case 'password':
      return { username: conf.username, password: conf.password };
    case 'saml':
      // agentVep insists on a jwt field even for SAML; the original SDK sends this literal.
      return { jwt: 'dummy', assertion: conf.assertion };
    default:
      return {
        username: conf.username,
        appKey: conf.appKey,
        secret: conf.secret,
        accessToken: conf.accessToken,
        accessTokenSecret: conf.accessTokenSecret,
      };
  }
}

export interface LoginResult {
  /** The reply body: `bearer`, `csrf`, `config.userId`, `config.userPid`, … */
  data: any;
  jar: CookieJar;
  /** The HTTP status, when an answer came (401/403: the credentials were refused). */
  status?: number;
}

/** POST …/login; resolves `[error, result]` with the original's error messages. */
export async function login(http: HttpClient, host: string, conf: AgentConfig): Promise<[SDKError | null, LoginResult]> {
  const jar = new CookieJar();
  const [err, res] = await call(
    http,
    {
      method: 'POST',
      url: `https://${host}/api/account/${conf.accountId}/login?v=1.3`,
      json: loginBody(conf),
      headers: { 'User-Agent': USER_AGENT },
    },
    'Error on AgentVEP login',
    SERVICES.LOGIN,
  );
  if (res) jar.setAll(res.setCookies);
  return [err, { data: res?.body, jar, status: res?.status }];
}

/** POST …/refresh with the csrf and the login cookies. */
export async function refresh(http: HttpClient, host: string, accountId: string, csrf: string, jar: CookieJar): Promise<SDKError | null> {
  const cookie = jar.header();
  const [err, res] = await call(
    http,
    {
      method: 'POST',
      url: `https://${host}/api/account/${accountId}/refresh?v=1.3`,
      json: { csrf },
      headers: { 'User-Agent': USER_AGENT, ...(cookie ? { Cookie: cookie } : {}) },
    },
    'Error on AgentVEP RefreshSession',
    SERVICES.REFRESH_SESSION,
  );
  if (res) jar.setAll(res.setCookies);
  return err;
}
