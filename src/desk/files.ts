import * as https from 'https';
import { InvalidRequestError, SDKError, SERVICES } from '../errors';
import type { Agent } from '../agent';
import type { GeneratedURL } from '../types';

/** File types LivePerson hosts for agents. */
export const FILE_TYPES = ['JPG', 'JPEG', 'PNG', 'GIF'] as const;
/** A file type LivePerson hosts: JPG, JPEG, PNG or GIF. */
export type FileType = (typeof FILE_TYPES)[number];

const DEFAULT_TIMEOUT = 30000;

/** The host of the `swift` file store: `conf.domains.swift`, else the domain lookup's. */
function swiftHost(agent: Agent): Promise<string> {
  const configured = agent.conf.domains?.swift;
  if (configured) return Promise.resolve(configured);
  return new Promise((resolve, reject) =>
    agent.csdsClient.getAll((err, domains) => {
      if (err) reject(err);
      else if (domains?.swift) resolve(domains.swift);
      else reject(new SDKError('could not fetch domains: no swift service for file transfer', null, SERVICES.DOMAIN_NAMES));
    }),
  );
}

/** `https://{swift}{relativePath}?temp_url_sig=…&temp_url_expires=…` */
function signedUrl(host: string, url: GeneratedURL): string {
  const query = new URLSearchParams(url.queryParams as Record<string, string>).toString();
  return `https://${host}${url.relativePath}?${query}`;
}

interface Transfer {
  status: number;
  statusText: string;
  body: Buffer;
}

/** One HTTPS exchange trusting the agent's `ca`, bounded by `timeout`. */
function transfer(agent: Agent, method: 'PUT' | 'GET', url: string, timeout: number, body?: Buffer): Promise<Transfer> {
  return new Promise((resolve, reject) => {
    const headers = body ? { 'Content-Length': body.length, 'Content-Type': 'application/octet-stream' } : undefined;
    const req = https.request(url, { method, headers, agent: false, ...(agent.conf.ca ? { ca: agent.conf.ca } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body: Buffer.concat(chunks) });
      });
    });
    const timer = setTimeout(() => {
      req.destroy();
      fail(new Error(`timed out after ${timeout} ms`));
    }, timeout);
    function fail(err: Error): void {
      clearTimeout(timer);
      reject(err);
    }
    req.on('error', fail);
    req.end(body);
  });
}

/** Runs a transfer and maps its failure the way the SDK maps REST failures. */
async function exchange(agent: Agent, what: string, method: 'PUT' | 'GET', url: string, timeout: number, body?: Buffer): Promise<Buffer> {
  let res: Transfer;
  try {
    res = await transfer(agent, method, url, timeout, body);
  } catch (cause) {
    throw new SDKError(`Error on file ${what}: ${(cause as Error).message}`, null, null, cause);
  }
  if (res.status < 200 || res.status > 299) throw new SDKError(`Error on file ${what}: ${res.statusText}`, res.status, null);
  return res.body;
}

/** Asks for an upload URL, PUTs the bytes there; resolves with the file's `relativePath`. */
export async function uploadFile(agent: Agent, content: Buffer, fileType: string, timeout = DEFAULT_TIMEOUT): Promise<string> {
  if (!Buffer.isBuffer(content) || content.length === 0) {
    throw new InvalidRequestError('uploadFile: content must be a non-empty Buffer');
  }
  const type = String(fileType).toUpperCase();
  if (!(FILE_TYPES as readonly string[]).includes(type)) {
    throw new InvalidRequestError(`uploadFile: fileType must be one of ${FILE_TYPES.join(', ')}`);
  }
  const url = await agent.promises.generateURLForUploadFile({ fileSize: content.length, fileType: type });
  await exchange(agent, 'upload', 'PUT', signedUrl(await swiftHost(agent), url), timeout, content);
  return url.relativePath;
}

/** Asks for a download URL and GETs the file. */
export async function downloadFile(agent: Agent, relativePath: string, timeout = DEFAULT_TIMEOUT): Promise<Buffer> {
  if (typeof relativePath !== 'string' || !relativePath.startsWith('/')) {
    throw new InvalidRequestError('downloadFile: relativePath must be a path starting with /');
  }
  const url = await agent.promises.generateURLForDownloadFile({ relativePath });
  return exchange(agent, 'download', 'GET', signedUrl(await swiftHost(agent), url), timeout);
}
