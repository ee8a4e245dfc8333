import type { IncomingMessage, ServerResponse } from 'http';
import type { Core } from './core';
import { errorBody } from './http';
import type { Session } from './sessions';

/** Small helpers shared by the REST services that sit beside agentVep (agent surveys, history). */

const MAX_JSON_BYTES = 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** The parsed JSON body; `undefined` when it is empty, `null` when it is not JSON. */
export function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_JSON_BYTES) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(null);
      }
    });
    req.on('error', reject);
  });
}

/**
 * The session of `Authorization: Bearer <token>` when it is live and belongs to the account;
 * otherwise answers 401 and returns undefined.
 */
export function authorize(core: Core, req: IncomingMessage, res: ServerResponse, accountId: string): Session | undefined {
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  const session = match ? core.sessions.byBearer(match[1]) : undefined;
  if (session && session.agent.accountId === accountId) return session;
  sendJson(res, 401, errorBody('Not authorized: missing or invalid bearer token', 401));
  return undefined;
}
