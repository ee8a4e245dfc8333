import { REQUESTS, REQUEST_NAMES } from './requests/table';
import type { RequestName } from './requests/table';
import type { Settle } from './requests/pending';
import { SDKError, SERVICES } from './errors';
import type { TransformError } from './errors';
import type { ErrorResponse, RequestTypes, Metadata } from './types';

/** Per-request options of the promise API (and the internal send path). */
export interface SendOptions {
  headers?: unknown;
  metadata?: Metadata | unknown;
  encodedMetadata?: string | unknown;
  /** ms before this request fails with `Request has timed out`. Default: `requestTimeout`. */
  timeout?: number;
  /** Aborts the wait: the promise rejects with an `AbortError`-coded SDKError. */
  signal?: AbortSignal;
}

/** How the methods reach the Agent's one send path (positional: this is the hot path). */
export interface RequestPort {
  send(name: RequestName, body: unknown, headers: unknown, metadata: unknown, encodedMetadata: unknown, settle?: Settle, timeout?: number): string | undefined;
  cancel(id: string, reason: unknown): boolean;
}

type Body<N extends RequestName> = RequestTypes[N]['body'];
type Response<N extends RequestName> = RequestTypes[N]['response'];

/**
 * What a request callback gets as its error: an {@link SDKError} (not connected, timed out),
 * a {@link TransformError} (a response the SDK could not rewrite), or the whole response frame
 * when the service answered 400 or more (tell them apart with `err instanceof Error`).
 */
export type RequestError = SDKError | TransformError | ErrorResponse;

/**
 * `callback(err, body)`: `(null, body)` on success. On failure `err` is set, and `body` is the
 * service's error body (with an {@link ErrorResponse}) or undefined: read `body` only when `err` is null.
 */
export type RequestCallback<R> = (err: RequestError | null, body: R) => void;

/** The original's signature: `(body, headers, metadata, encodedMetadata, callback)`, callback in any slot after body. */
export interface RequestMethod<N extends RequestName> {
  (body?: Body<N>, callback?: RequestCallback<Response<N>>): string | undefined;
  (body: Body<N>, headers: unknown, callback?: RequestCallback<Response<N>>): string | undefined;
  (body: Body<N>, headers: unknown, metadata: unknown, callback?: RequestCallback<Response<N>>): string | undefined;
  (body: Body<N>, headers: unknown, metadata: unknown, encodedMetadata: unknown, callback?: RequestCallback<Response<N>>): string | undefined;
}

export type RequestMethods = { [N in RequestName]: RequestMethod<N> };

export type PromiseRequests = { [N in RequestName]: (body?: Body<N>, options?: SendOptions) => Promise<Response<N>> };

export interface PromiseApi extends PromiseRequests {
  /** Connects (if needed) and resolves when the socket is open. */
  connect(): Promise<void>;
  refreshSession(): Promise<void>;
  /** Resolves with the payload of the next `connected` event. */
  nextConnected(options?: { timeout?: number; signal?: AbortSignal }): Promise<{ connected: true; ts: number }>;
}

/** The service answered with an error code (≥ 400): `code`, `body` and the whole `response` are kept. */
export class ResponseError extends SDKError {
  readonly body: unknown;
  readonly response: ErrorResponse;

  constructor(response: ErrorResponse) {
    const detail = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    super(`${response.type} failed with code ${response.code}: ${detail}`, response.code, SERVICES.MESSAGING, null);
    this.body = response.body;
    this.response = response;
  }
}

/** Creates the sixteen request methods as own properties, so they work unbound. */
export function bindRequestMethods(target: object, port: RequestPort): void {
  for (const name of REQUEST_NAMES) {
    Object.defineProperty(target, name, {
      value: (body: unknown, headers?: unknown, metadata?: unknown, encodedMetadata?: unknown, callback?: unknown) => {
        // The callback may take the place of any argument after the body.
        if (typeof headers === 'function') {
          callback = headers;
          headers = metadata = encodedMetadata = undefined;
        } else if (typeof metadata === 'function') {
          callback = metadata;
          metadata = encodedMetadata = undefined;
        } else if (typeof encodedMetadata === 'function') {
          callback = encodedMetadata;
          encodedMetadata = undefined;
        }
        return port.send(name, body, headers, metadata, encodedMetadata, typeof callback === 'function' ? (callback as Settle) : undefined);
      },
      writable: true,
      configurable: true,
      enumerable: true,
    });
  }
}

/** The promise twins of the request methods, with validation of the body and options. */
export function createPromiseApi(agent: PromiseAgent, port: RequestPort): PromiseApi {
  const api: Partial<PromiseApi> = {};
  for (const name of REQUEST_NAMES) {
    (api as any)[name] = (body: unknown, options: SendOptions = {}) =>
      new Promise((resolve, reject) => {
        const invalid = validate(name, body, options);
        if (invalid) return reject(invalid);
        if (options.signal?.aborted) return reject(abortError());
        let onAbort: (() => void) | undefined;
        const { headers, metadata, encodedMetadata, timeout } = options;
        const id = port.send(name, body, headers, metadata, encodedMetadata, (err, response) => {
          if (onAbort) options.signal?.removeEventListener('abort', onAbort);
          if (err) reject(toError(err));
          else resolve(response);
        }, timeout);
        if (id && options.signal) {
          onAbort = () => port.cancel(id, abortError());
          options.signal.addEventListener('abort', onAbort, { once: true });
        }
      });
  }
  api.connect = () => connectAndWait(agent);
  api.refreshSession = () => new Promise<void>((resolve, reject) => agent.refreshSession((err) => (err ? reject(err) : resolve())));
  api.nextConnected = (options = {}) => nextEvent(agent, 'connected', options);
  return api as PromiseApi;
}

/** What the promise API needs of the Agent (kept narrow to avoid a circular type). */
export interface PromiseAgent {
  connected: boolean | undefined;
  connect(callback: (err: any) => void): void;
  refreshSession(callback: (err: any) => void): void;
  once(event: string, fn: (...args: any[]) => void): unknown;
  off(event: string, fn: (...args: any[]) => void): unknown;
}

function connectAndWait(agent: PromiseAgent): Promise<void> {
  if (agent.connected) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const opened = () => {
      agent.off('closed', closed);
      resolve();
    };
    const closed = (code: number) => {
      agent.off('connected', opened);
      reject(new SDKError(`the socket closed before opening (code ${code})`, code, SERVICES.MESSAGING));
    };
    agent.once('connected', opened);
    agent.once('closed', closed);
    agent.connect((err) => {
      if (!err) return;
      agent.off('connected', opened);
      agent.off('closed', closed);
      reject(err);
    });
  });
}

function nextEvent<T>(agent: PromiseAgent, event: string, options: { timeout?: number; signal?: AbortSignal }): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (options.signal?.aborted) return reject(abortError());
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      agent.off(event, onEvent);
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const onEvent = (payload: T) => {
      finish();
      resolve(payload);
    };
    const onAbort = () => {
      finish();
      reject(abortError());
    };
    agent.once(event, onEvent);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.timeout !== undefined) {
      timer = setTimeout(() => {
        finish();
        reject(new SDKError(`no '${event}' event within ${options.timeout} ms`, 'ETIMEDOUT', null));
      }, options.timeout);
    }
  });
}

function toError(err: any): Error {
  if (err instanceof Error) return err;
  if (err && typeof err === 'object' && 'code' in err) return new ResponseError(err as ErrorResponse);
  return new SDKError(String(err), null, SERVICES.MESSAGING, err);
}

function abortError(): SDKError {
  return new SDKError('The request was aborted', 'ABORT_ERR', SERVICES.MESSAGING);
}

const INVALID = 'ERR_INVALID_REQUEST';

function validate(name: RequestName, body: unknown, options: unknown): SDKError | null {
  if (options === null || typeof options !== 'object') return new SDKError(`${name}: options must be an object`, INVALID, null);
  const { timeout, signal } = options as SendOptions;
  if (timeout !== undefined && !(typeof timeout === 'number' && timeout >= 0 && Number.isFinite(timeout))) {
    return new SDKError(`${name}: options.timeout must be a non-negative number of ms`, INVALID, null);
  }
  if (signal !== undefined && !(signal && typeof (signal as AbortSignal).addEventListener === 'function')) {
    return new SDKError(`${name}: options.signal must be an AbortSignal`, INVALID, null);
  }
  const spec = REQUESTS[name];
  const required: readonly string[] = 'required' in spec ? spec.required : [];
  if (name === 'getUserProfile') {
    return typeof body === 'string' || (body !== null && typeof body === 'object')
      ? null
      : new SDKError('getUserProfile: body must be the consumer id (a string) or an object', INVALID, null);
  }
  if (body === undefined && required.length === 0) return null;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return new SDKError(`${name}: body must be an object`, INVALID, null);
  }
  for (const field of required) {
    const [key, kind] = field.split(':');
    const value = (body as Record<string, unknown>)[key];
    const ok = kind === 'array' ? Array.isArray(value) : kind === 'object' ? value !== null && typeof value === 'object' : value !== undefined && value !== null && value !== '';
    if (!ok) return new SDKError(`${name}: body.${key} is required${kind ? ` (${kind === 'array' ? 'an array' : 'an object'})` : ''}`, INVALID, null);
  }
  return null;
}
