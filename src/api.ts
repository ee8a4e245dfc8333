import { REQUESTS, REQUEST_NAMES } from './requests/table';
import type { RequestName } from './requests/table';
import type { Settle } from './requests/pending';
import {
  AbortError,
  ClosedBeforeOpenError,
  EventTimeoutError,
  InvalidRequestError,
  ResponseError,
  SDKError,
  SERVICES,
} from './errors';
import type { TransformError } from './errors';
import type { ErrorResponse, RequestTypes, Metadata } from './types';
import { MAX_TIMER_MS, numberOf } from './config';

/** Per-request options of the promise API (and the internal send path). */
export interface SendOptions {
  /** The frame's `headers`. Default: left out. */
  headers?: unknown;
  /** The frame's `metadata` (`ExternalId`, `Survey`, …). Default: left out. */
  metadata?: Metadata | unknown;
  /** The frame's `encodedMetadata` (base64). Default: left out. */
  encodedMetadata?: string | unknown;
  /** ms before this request fails with `Request has timed out`. Default: `requestTimeout`. */
  timeout?: number;
  /** Aborts the wait: the promise rejects with an {@link AbortError}. Default: none. */
  signal?: AbortSignal;
}

/** What the request methods send through: the Agent's one send path (positional: this is the hot path). */
export interface RequestSender {
  send(name: RequestName, body: unknown, headers: unknown, metadata: unknown, encodedMetadata: unknown, settle?: Settle, timeout?: number): string | undefined;
}

/** What the promise API needs of the Agent: sending, cancelling, and whether a socket is opening. */
export interface RequestPort extends RequestSender {
  cancel(id: string, reason: unknown): boolean;
  /** True while a socket is on its way (made, not yet open): a `closed` then is a replaced socket's. */
  opening(): boolean;
}

/** The body a request method takes. */
export type RequestBody<N extends RequestName> = RequestTypes[N]['body'];
/** The response body a request's callback or promise gets. */
export type ResponseBody<N extends RequestName> = RequestTypes[N]['response'];

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
  (body?: RequestBody<N>, callback?: RequestCallback<ResponseBody<N>>): string | undefined;
  (body: RequestBody<N>, headers: unknown, callback?: RequestCallback<ResponseBody<N>>): string | undefined;
  (body: RequestBody<N>, headers: unknown, metadata: unknown, callback?: RequestCallback<ResponseBody<N>>): string | undefined;
  (body: RequestBody<N>, headers: unknown, metadata: unknown, encodedMetadata: unknown, callback?: RequestCallback<ResponseBody<N>>): string | undefined;
}

/** The sixteen request methods of the Agent. */
export type RequestMethods = { [N in keyof RequestTypes]: RequestMethod<N> };

/** The sixteen requests as promise-returning methods (see {@link SendOptions}). */
export type PromiseRequests = { [N in keyof RequestTypes]: (body?: RequestBody<N>, options?: SendOptions) => Promise<ResponseBody<N>> };

/** `agent.promises`: the sixteen requests and the session calls as promises. */
export interface PromiseApi extends PromiseRequests {
  /** Connects (if needed) and resolves when the socket is open. */
  connect(): Promise<void>;
  /** `agent.refreshSession()` as a promise. */
  refreshSession(): Promise<void>;
  /** Resolves with the payload of the next `connected` event. */
  nextConnected(options?: { timeout?: number; signal?: AbortSignal }): Promise<{ connected: true; ts: number }>;
}

/** Calls `port.send` with the original's argument order: the callback may take the place of any argument after the body. */
function callRequest(port: RequestSender, name: RequestName, body: unknown, headers?: unknown, metadata?: unknown, encodedMetadata?: unknown, callback?: unknown): string | undefined {
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
}

type Method = (this: RequestSender, body: unknown, headers?: unknown, metadata?: unknown, encodedMetadata?: unknown, callback?: unknown) => string | undefined;

/**
 * The sixteen methods, written once for every agent; each agent gets them bound to its send
 * path. A bound function holds no scope, so an agent pays 48 bytes a method, where closures over
 * the sender cost 56 each plus their scope (and a loop over the names would give each closure a
 * scope of its own).
 */
const METHODS: Record<RequestName, Method> = {
  getClock(b, h, m, e, c) {
    return callRequest(this, 'getClock', b, h, m, e, c);
  },
  agentRequestConversation(b, h, m, e, c) {
    return callRequest(this, 'agentRequestConversation', b, h, m, e, c);
  },
  subscribeExConversations(b, h, m, e, c) {
    return callRequest(this, 'subscribeExConversations', b, h, m, e, c);
  },
  unsubscribeExConversations(b, h, m, e, c) {
    return callRequest(this, 'unsubscribeExConversations', b, h, m, e, c);
  },
  updateConversationField(b, h, m, e, c) {
    return callRequest(this, 'updateConversationField', b, h, m, e, c);
  },
  publishEvent(b, h, m, e, c) {
    return callRequest(this, 'publishEvent', b, h, m, e, c);
  },
  updateRingState(b, h, m, e, c) {
    return callRequest(this, 'updateRingState', b, h, m, e, c);
  },
  subscribeRoutingTasks(b, h, m, e, c) {
    return callRequest(this, 'subscribeRoutingTasks', b, h, m, e, c);
  },
  updateRoutingTaskSubscription(b, h, m, e, c) {
    return callRequest(this, 'updateRoutingTaskSubscription', b, h, m, e, c);
  },
  getUserProfile(b, h, m, e, c) {
    return callRequest(this, 'getUserProfile', b, h, m, e, c);
  },
  setAgentState(b, h, m, e, c) {
    return callRequest(this, 'setAgentState', b, h, m, e, c);
  },
  subscribeAgentsState(b, h, m, e, c) {
    return callRequest(this, 'subscribeAgentsState', b, h, m, e, c);
  },
  subscribeMessagingEvents(b, h, m, e, c) {
    return callRequest(this, 'subscribeMessagingEvents', b, h, m, e, c);
  },
  generateURLForDownloadFile(b, h, m, e, c) {
    return callRequest(this, 'generateURLForDownloadFile', b, h, m, e, c);
  },
  generateURLForUploadFile(b, h, m, e, c) {
    return callRequest(this, 'generateURLForUploadFile', b, h, m, e, c);
  },
  generateDownloadToken(b, h, m, e, c) {
    return callRequest(this, 'generateDownloadToken', b, h, m, e, c);
  },
};

/** Creates the sixteen request methods as own properties, so they work unbound. */
export function bindRequestMethods(target: object, sender: RequestSender): void {
  for (const name of REQUEST_NAMES) {
    Object.defineProperty(target, name, { value: METHODS[name].bind(sender), writable: true, configurable: true, enumerable: true });
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
        if (options.signal?.aborted) return reject(new AbortError());
        let onAbort: (() => void) | undefined;
        const { headers, metadata, encodedMetadata } = options;
        const timeout = timeoutOf(options.timeout);
        const id = port.send(name, body, headers, metadata, encodedMetadata, (err, response) => {
          if (onAbort) options.signal?.removeEventListener('abort', onAbort);
          if (err) reject(toError(err));
          else resolve(response);
        }, timeout);
        if (id && options.signal) {
          onAbort = () => port.cancel(id, new AbortError());
          options.signal.addEventListener('abort', onAbort, { once: true });
        }
      });
  }
  api.connect = () => connectAndWait(agent, port);
  api.refreshSession = () => new Promise<void>((resolve, reject) => agent.refreshSession((err) => (err ? reject(err) : resolve())));
  api.nextConnected = (options = {}) => nextEvent(agent, 'connected', options);
  return api as PromiseApi;
}

/** What the promise API needs of the Agent (kept narrow to avoid a circular type). */
export interface PromiseAgent {
  connected: boolean | undefined;
  connect(callback: (err: any) => void): void;
  refreshSession(callback: (err: any) => void): void;
  on(event: string, fn: (...args: any[]) => void): unknown;
  once(event: string, fn: (...args: any[]) => void): unknown;
  off(event: string, fn: (...args: any[]) => void): unknown;
}

function connectAndWait(agent: PromiseAgent, port: RequestPort): Promise<void> {
  if (agent.connected) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const opened = () => {
      agent.off('closed', closed);
      resolve();
    };
    const closed = (code: number) => {
      // The close of a socket the agent replaced: the new one is still on its way.
      if (port.opening()) return;
      agent.off('closed', closed);
      agent.off('connected', opened);
      reject(new ClosedBeforeOpenError(code));
    };
    agent.once('connected', opened);
    agent.on('closed', closed);
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
    const timeout = timeoutOf(options.timeout);
    if (Number.isNaN(timeout)) return reject(new InvalidRequestError(`nextConnected: options.timeout must be a number of ms from 0 to ${MAX_TIMER_MS}`));
    if (options.signal?.aborted) return reject(new AbortError());
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
      reject(new AbortError());
    };
    agent.once(event, onEvent);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (timeout !== undefined) {
      timer = setTimeout(() => {
        finish();
        reject(new EventTimeoutError(event, timeout));
      }, timeout);
    }
  });
}

function toError(err: any): Error {
  if (err instanceof Error) return err;
  if (err && typeof err === 'object' && 'code' in err) return new ResponseError(err as ErrorResponse);
  return new SDKError(String(err), null, SERVICES.MESSAGING, err);
}

/** `options.timeout` as a number: a number of ms, or a string holding one (from `process.env`); NaN when invalid. */
function timeoutOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = numberOf(value);
  return ms >= 0 && ms <= MAX_TIMER_MS ? ms : NaN;
}

function validate(name: RequestName, body: unknown, options: unknown): InvalidRequestError | null {
  if (options === null || typeof options !== 'object') return new InvalidRequestError(`${name}: options must be an object`);
  const { timeout, signal } = options as SendOptions;
  if (Number.isNaN(timeoutOf(timeout))) {
    return new InvalidRequestError(`${name}: options.timeout must be a number of ms from 0 to ${MAX_TIMER_MS}`);
  }
  if (signal !== undefined && !(signal && typeof (signal as AbortSignal).addEventListener === 'function')) {
    return new InvalidRequestError(`${name}: options.signal must be an AbortSignal`);
  }
  const spec = REQUESTS[name];
  const required: readonly string[] = 'required' in spec ? spec.required : [];
  if (name === 'getUserProfile') {
    return typeof body === 'string' || (body !== null && typeof body === 'object')
      ? null
      : new InvalidRequestError('getUserProfile: body must be the consumer id (a string) or an object');
  }
  if (body === undefined && required.length === 0) return null;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return new InvalidRequestError(`${name}: body must be an object`);
  }
  for (const field of required) {
    const [key, kind] = field.split(':');
    const value = (body as Record<string, unknown>)[key];
    const ok = kind === 'array' ? Array.isArray(value) : kind === 'object' ? value !== null && typeof value === 'object' : value !== undefined && value !== null && value !== '';
    if (!ok) return new InvalidRequestError(`${name}: body.${key} is required${kind ? ` (${kind === 'array' ? 'an array' : 'an object'})` : ''}`);
  }
  return null;
}
