import * as https from 'https';
import { ConnectProxyAgent, proxyFromEnv } from './proxy';
import { SDKError } from './errors';
import type { ErrorService } from './errors';
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

  constructor(conf: Pick<AgentConfig, 'ca' | 'httpTimeout' | 'proxy'>) {
    this.timeout = conf.httpTimeout ?? DEFAULTS.httpTimeout;
    const proxy = proxyFromEnv(conf.proxy);
    const tlsOptions = conf.ca ? { ca: conf.ca } : {};
    if (proxy) this.agent = new ConnectProxyAgent(proxy, tlsOptions);
    else if (conf.ca) this.agent = new https.Agent(tlsOptions);
  }

  /**
   * Resolves with the response whatever its status; rejects only when no response came, with
   * Node's own error (as the original's `request` client did). Like `request`, it follows
   * redirects of GET only (up to 10) and keeps the server's reason phrase as it was sent.
   */
  async send(request: HttpRequest): Promise<HttpResponse> {
    let url = request.url;
    for (let redirects = 0; ; redirects++) {
      const res = await this.sendOnce(request, url);
      if (request.method !== 'GET' || !res.location || res.status < 300 || res.status > 399 || redirects === MAX_REDIRECTS) {
        return { status: res.status, statusText: res.statusText, body: res.body, setCookies: res.setCookies };
      }
      url = new URL(res.location, url).toString();
    }
  }

  private sendOnce(request: HttpRequest, url: string): Promise<HttpResponse & { location: string | undefined }> {
    return new Promise((resolve, reject) => {
      const payload = request.json !== undefined ? JSON.stringify(request.json) : undefined;
      const headers: Record<string, string | number> = {
        ...(payload !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
        Accept: 'application/json',
        ...request.headers,
      };
      let settled = false;
      const finish = (err: Error | null, res?: HttpResponse & { location: string | undefined }) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) reject(err);
        else resolve(res as HttpResponse & { location: string | undefined });
      };
      const req = https.request(url, { method: request.method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err) => finish(err));
        res.on('end', () =>
          finish(null, {
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            body: parseBody(Buffer.concat(chunks).toString('utf8')),
            setCookies: res.headers['set-cookie'] ?? [],
            location: res.headers.location,
          }),
        );
      });
      // Unref'd: the request's own socket keeps the process alive while it waits.
      const timer = setTimeout(() => {
        finish(new Error(`timed out after ${this.timeout} ms`));
        req.destroy();
      }, this.timeout).unref();
      req.on('error', (err) => finish(err));
      req.end(payload);
    });
  }

  dispose(): void {
    this.agent?.destroy();
  }
}

/** How many redirects of a GET are followed, as in `request`. */
const MAX_REDIRECTS = 10;

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
