import * as https from 'https';
import fetch from 'node-fetch';
import { ConnectProxyAgent, proxyFromEnv } from './proxy';
import { SDKError, type ErrorService } from './errors';
import type { AgentConfig } from './config';
import { DEFAULTS } from './config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const VERSION: string = require('../package.json').version;
export const USER_AGENT = `NodeAgentSDK/${VERSION}`;

export interface HttpResponse {
  status: number;
  statusText: string;
  /** Parsed JSON when the body is JSON, the text otherwise, undefined when empty. */
  body: any;
  setCookies: string[];
}

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  json?: unknown;
  headers?: Record<string, string>;
}

/** The transport settings of one Agent for its REST calls (TLS trust, proxy, timeout). */
export class HttpClient {
  readonly agent: https.Agent | undefined;
  private readonly timeout: number;

  constructor(conf: AgentConfig) {
    this.timeout = conf.httpTimeout ?? DEFAULTS.httpTimeout;
    const proxy = proxyFromEnv(conf.proxy);
    const tlsOptions = conf.ca ? { ca: conf.ca } : {};
    if (proxy) this.agent = new ConnectProxyAgent(proxy, tlsOptions);
    else if (conf.ca) this.agent = new https.Agent(tlsOptions);
  }

  /** Resolves with the response whatever its status; rejects only when no response came. */
  async send(request: HttpRequest): Promise<HttpResponse> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.timeout);
    try {
      const res = await fetch(request.url, {
        method: request.method,
        headers: {
          ...(request.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
          Accept: 'application/json',
          ...request.headers,
        },
        body: request.json !== undefined ? JSON.stringify(request.json) : undefined,
        agent: this.agent,
        signal: abort.signal as any,
      });
      const text = await res.text();
      return { status: res.status, statusText: res.statusText, body: parseBody(text), setCookies: res.headers.raw()['set-cookie'] ?? [] };
    } catch (err: any) {
      if (abort.signal.aborted) throw new Error(`timed out after ${this.timeout} ms`);
      // node-fetch wraps the system error; its own message is the one the original SDK reported.
      throw systemError(err);
    } finally {
      clearTimeout(timer);
    }
  }

  dispose(): void {
    this.agent?.destroy();
  }
}

/**
 * node-fetch 2 reports a network failure as `request to {url} failed, reason: {message}` and
 * keeps only the code of the system error; this gives back an error with the system message
 * (e.g. `socket hang up`), its code, and the FetchError as `cause`.
 */
function systemError(err: any): any {
  const match = err && err.type === 'system' && typeof err.message === 'string' ? /^request to .*? failed, reason: ([\s\S]*)$/.exec(err.message) : null;
  if (!match) return err;
  const unwrapped: Error & { code?: string } = new Error(match[1], { cause: err });
  if (err.code !== undefined) unwrapped.code = err.code;
  return unwrapped;
}

function parseBody(text: string): any {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The original's error mapping: an HTTP status above 299 wins, then an `error` in the body,
 * then the transport failure; null when the call succeeded.
 */
export function httpError(base: string, service: ErrorService, res: HttpResponse | undefined, cause?: unknown): SDKError | null {
  if (res && res.status > 299) return new SDKError(`${base}: ${res.statusText}`, res.status, service);
  if (res && res.body && res.body.error) {
    return new SDKError(`${base}: ${JSON.stringify(res.body.error)}`, res.body.error.internalCode, service);
  }
  if (cause) return new SDKError(`${base}: ${(cause as Error).message}`, null, service, cause);
  return null;
}

/** Sends and maps failures in one step: resolves `[error, response]`, never rejects. */
export async function call(client: HttpClient, request: HttpRequest, base: string, service: ErrorService): Promise<[SDKError | null, HttpResponse | undefined]> {
  try {
    const res = await client.send(request);
    return [httpError(base, service, res), res];
  } catch (cause) {
    return [httpError(base, service, undefined, cause), undefined];
  }
}
