import * as http from 'http';
import * as https from 'https';
import * as tls from 'tls';
import type { Duplex } from 'stream';

/** The proxy to use: the `proxy` option, else `HTTPS_PROXY`/`https_proxy`, else none. */
export function proxyFromEnv(explicit: string | undefined): string | undefined {
  return explicit || process.env.HTTPS_PROXY || process.env.https_proxy || undefined;
}

/**
 * An https.Agent that reaches every host through an HTTP CONNECT tunnel. The REST calls and
 * `ws` both take it as `agent`, so they share one proxy path.
 */
export class ConnectProxyAgent extends https.Agent {
  private readonly proxy: URL;

  constructor(proxyUrl: string, options: https.AgentOptions = {}) {
    super({ ...options, keepAlive: false });
    this.proxy = new URL(proxyUrl);
  }

  override createConnection(options: any, callback?: (err: Error | null, stream: Duplex) => void): Duplex | undefined {
    const target = `${options.host}:${options.port || 443}`;
    const headers: Record<string, string> = { host: target };
    if (this.proxy.username) {
      const credentials = `${decodeURIComponent(this.proxy.username)}:${decodeURIComponent(this.proxy.password)}`;
      headers['proxy-authorization'] = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    const connect = http.request({
      host: this.proxy.hostname,
      port: this.proxy.port || 80,
      method: 'CONNECT',
      path: target,
      headers,
    });
    const fail = (err: Error) => callback?.(err, undefined as unknown as Duplex);
    connect.once('error', fail);
    connect.once('connect', (res, socket) => {
      connect.removeListener('error', fail);
      if (res.statusCode !== 200) {
        socket.destroy();
        callback?.(new Error(`Proxy CONNECT to ${target} failed: ${res.statusCode} ${res.statusMessage}`), undefined as unknown as Duplex);
        return;
      }
      const secure = tls.connect({ ...options, socket, servername: options.servername ?? options.host });
      callback?.(null, secure);
    });
    connect.end();
    return undefined;
  }
}
