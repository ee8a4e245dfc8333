import * as http from 'http';
import type { AgentMetrics } from 'node-agent-sdk/metrics';

/**
 * Serves `GET /metrics` for Prometheus to scrape; every other path is a 404. Listens on
 * `host:port` (port 0: any free port, see `server.address()`).
 */
export function serveMetrics(metrics: AgentMetrics, port: number, host = '127.0.0.1'): http.Server {
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: try GET /metrics\n');
      return;
    }
    metrics.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': metrics.contentType }).end(text),
      (err) => res.writeHead(500, { 'Content-Type': 'text/plain' }).end(`${err}\n`),
    );
  });
  server.listen(port, host);
  return server;
}

/** GET of a URL on this machine: status, content type and body. */
export function scrape(url: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }));
      })
      .on('error', reject);
  });
}
