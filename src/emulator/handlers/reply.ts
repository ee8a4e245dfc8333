import type { Connection } from '../connection';
import type { Core } from '../core';
import type { AgentUser } from '../model';
import type { Account } from '../state';

/** The generic response types of UMS (docs/protocol.md, "Frames"). */
export const STRING_RESP = '.ReqBody$StringResp';
export const GENERIC_SUBSCRIBE = '.ams.GenericSubscribe$Response';

export interface Reply {
  code: number;
  type: string;
  body: unknown;
}

export interface RequestContext {
  core: Core;
  conn: Connection;
  agent: AgentUser;
  account: Account;
  /** Frame-level `metadata`, passed through to distributed events. */
  metadata: unknown;
}

export type Handler = (ctx: RequestContext, body: unknown) => Reply;

/** A refusal: always answered as `.ReqBody$StringResp` with a string body (docs/protocol.md, "Request errors"). */
export class UmsError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const ok = (type: string, body: unknown, code = 200): Reply => ({ code, type, body });
export const text = (body: string, code = 200): Reply => ({ code, type: STRING_RESP, body });

export const badRequest = (what: string) => new UmsError(400, `Bad request: ${what}`);
export const conversationNotFound = () => new UmsError(404, 'Conversation not found');
export const notParticipant = () => new UmsError(400, 'Agent does not exist in conversation');

export type Obj = Record<string, unknown>;

export const isObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function objectBody(body: unknown): Obj {
  if (!isObject(body)) throw badRequest('body');
  return body;
}

/** A non-empty string; ids may arrive as numbers (skill ids often do). */
export function idField(obj: Obj, field: string): string;
export function idField(obj: Obj, field: string, optional: true): string | undefined;
export function idField(obj: Obj, field: string, optional = false): string | undefined {
  const value = obj[field];
  if (value === undefined || (optional && value === null)) {
    if (optional) return undefined;
    throw badRequest(field);
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string' || value === '') throw badRequest(field);
  return value;
}

export function stringList(obj: Obj, field: string): string[] | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw badRequest(field);
  return value;
}

export function intField(obj: Obj, field: string): number | undefined {
  const value = obj[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest(field);
  return value;
}

export function oneOf<T extends string>(obj: Obj, field: string, allowed: readonly T[]): T {
  const value = obj[field];
  if (!allowed.includes(value as T)) throw badRequest(field);
  return value as T;
}
