import type { IncomingMessage, ServerResponse } from 'http';
import type { Core } from './core';
import { errorBody, readBody } from './http';
import type { Session } from './sessions';

/** Small helpers shared by the REST services that sit beside agentVep (agent surveys, history). */

const MAX_JSON_BYTES = 1024 * 1024;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** The parsed JSON body; `undefined` when it is empty, `null` when it is not JSON. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req, MAX_JSON_BYTES)).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
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
