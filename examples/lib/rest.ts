import https from 'https';
import fetch from 'node-fetch';
import type { AgentConfig } from 'node-agent-sdk';

/** Plain HTTPS for the REST services some bots call beside the messaging socket. */

export interface RestResponse {
  status: number;
  body: Buffer;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = any>(): T;
}

export interface RestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  /** A Buffer is sent as is; anything else as JSON. */
  body?: unknown;
}

/** Sends with the same TLS trust as the bot (`config.ca`, e.g. the emulator's certificate). */
export async function rest(config: AgentConfig, request: RestRequest): Promise<RestResponse> {
  const agent = config.ca ? new https.Agent({ ca: config.ca }) : undefined;
  const isJson = request.body !== undefined && !Buffer.isBuffer(request.body);
  const res = await fetch(request.url, {
    method: request.method,
    agent,
    headers: { ...(isJson && { 'Content-Type': 'application/json' }), ...request.headers },
    body: isJson ? JSON.stringify(request.body) : (request.body as Buffer | undefined),
  });
  const body = await res.buffer();
  return { status: res.status, body, json: () => JSON.parse(body.toString('utf8')) };
}

/**
 * The account's service hosts (`swift`, `msgHist`, `runtimeFormLogic`, …) from CSDS, with
 * `config.domains` on top. The Agent does the same lookup for its own hosts but keeps the result
 * private, so bots that need other services ask CSDS themselves.
 */
export async function serviceDomains(config: AgentConfig): Promise<Record<string, string>> {
  const csds = config.csdsDomain ?? 'adminlogin.liveperson.net';
  const res = await rest(config, { method: 'GET', url: `https://${csds}/api/account/${config.accountId}/service/baseURI.json?version=1.0` });
  if (res.status !== 200) throw new Error(`CSDS answered ${res.status}`);
  const domains: Record<string, string> = {};
  for (const entry of res.json<{ baseURIs?: Array<{ service: string; baseURI: string }> }>().baseURIs ?? []) domains[entry.service] = entry.baseURI;
  return { ...domains, ...config.domains };
}

/** The host of one CSDS service; fails clearly when the account has none. */
export async function serviceDomain(config: AgentConfig, service: string): Promise<string> {
  const host = (await serviceDomains(config))[service];
  if (!host) throw new Error(`CSDS lists no '${service}' service for account ${config.accountId}`);
  return host;
}

/** A message for logs from whatever was thrown or passed to a callback. */
export function reason(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}
