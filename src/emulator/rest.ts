import type { IncomingMessage, ServerResponse } from 'http';
import { MAX_FILE_BYTES } from './files';
import type { Session, Sessions } from './sessions';

/**
 * HTTP helpers shared by every REST part of the emulator (CSDS, agentVep, swift, agent surveys,
 * history). A leaf module: the parts import it, it imports none of them.
 */

export type Json = Record<string, unknown>;

const MAX_JSON_BYTES = 1024 * 1024;

/** Answers with a JSON body, a text body (string) or a binary body (Buffer); no body when undefined. */
export function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const payload = body === undefined ? '' : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const type = Buffer.isBuffer(body) ? 'application/octet-stream' : typeof body === 'string' ? 'text/plain' : 'application/json';
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** Answers with `body` as JSON, whatever its type. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

/** LivePerson's REST error body (docs/protocol.md, "REST errors"). */
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
export function requestUrl(target: string | undefined): URL | undefined {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return undefined;
  try {
    return new URL(target, 'https://emulator');
  } catch {
    return undefined;
  }
}

/** The body as a JSON object; undefined when it is not JSON or not an object. */
export function parseJsonObject(raw: Buffer): Json | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
  } catch {
    return undefined;
  }
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

export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/**
 * The session of `Authorization: Bearer <token>` when it is live and belongs to the account;
 * otherwise answers 401 and returns undefined.
 */
export function authorize(
  sessions: Pick<Sessions, 'byBearer'>,
  req: IncomingMessage,
  res: ServerResponse,
  accountId: string,
): Session | undefined {
  const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
  const session = match ? sessions.byBearer(match[1]) : undefined;
  if (session && session.agent.accountId === accountId) return session;
  sendJson(res, 401, errorBody('Not authorized: missing or invalid bearer token', 401));
  return undefined;
}
