import type { ErrorResponse } from './types';

/** The service an {@link SDKError} came from, as named by the original SDK. */
export type ErrorService =
  | 'messaging'
  | 'domainNames'
  | 'authentication.login'
  | 'authentication.refreshSession'
  | null;

/** @internal The `service` values, by name (the SDK's error sources, not CSDS services). */
export const SERVICES = {
  MESSAGING: 'messaging',
  DOMAIN_NAMES: 'domainNames',
  LOGIN: 'authentication.login',
  REFRESH_SESSION: 'authentication.refreshSession',
} as const;

/**
 * Which failure an {@link SDKError} is, as `err.errorCode`, for bots that branch on it (the
 * matching subclasses work with `instanceof` too). `code` cannot carry this: it keeps the
 * original's value (an HTTP status, the service's `internalCode`, or null). Where the SDK chose
 * `code` itself (the promise API), `code` and `errorCode` are the same string.
 */
export const ErrorCode = {
  /** No response within `requestTimeout` (or the request's own `timeout`): {@link RequestTimeoutError}. */
  RequestTimeout: 'ERR_REQUEST_TIMEOUT',
  /** A request made while the socket is not open: {@link NotConnectedError}. */
  NotConnected: 'ERR_NOT_CONNECTED',
  /** The promise API's `signal` aborted the wait: {@link AbortError}. */
  Aborted: 'ABORT_ERR',
  /** The promise API (or a desk method) refused a request before sending it: {@link InvalidRequestError}. */
  InvalidRequest: 'ERR_INVALID_REQUEST',
  /** `new Agent(conf)` refused an option: {@link InvalidOptionError}. */
  InvalidOption: 'ERR_INVALID_OPTION',
  /** The service answered a request with a code of 400 or more: {@link ResponseError}. */
  Response: 'ERR_RESPONSE',
  /** `agent.promises.nextConnected()` saw no event in time: {@link EventTimeoutError}. */
  EventTimeout: 'ETIMEDOUT',
  /** `agent.promises.connect()` saw the socket close before it opened: {@link ClosedBeforeOpenError}. */
  ClosedBeforeOpen: 'ERR_CLOSED_BEFORE_OPEN',
} as const;

/** One of the {@link ErrorCode} values. */
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Every failure the SDK reports itself. `code` is the HTTP status, the service's
 * `internalCode`, 401 for an unauthorised socket, or null; `error` is the underlying cause.
 * The `name` stays `Error`, as in the JavaScript SDK, so logged errors read the same.
 * `code` and `service` are kept exactly as given, as the original did: an error body without
 * `internalCode` gives `code: undefined`, not null. Only `error` defaults to null.
 */
export class SDKError extends Error {
  readonly code: number | string | null | undefined;
  readonly service: ErrorService | undefined;
  readonly error: unknown;

  constructor(message: string, code?: number | string | null, service?: ErrorService, error: unknown = null) {
    super(message);
    this.code = code;
    this.service = service;
    this.error = error;
  }

  /**
   * Which failure this is, for the ones a bot may branch on; undefined for the others (HTTP,
   * login and socket failures, whose `code` and `message` tell them apart). A getter, so the
   * error's own properties (and how it prints) stay the original's.
   */
  get errorCode(): ErrorCode | undefined {
    return undefined;
  }
}

/** `Request has timed out`: no response within the request's timeout. `code` is null, as in the original. */
export class RequestTimeoutError extends SDKError {
  constructor() {
    super('Request has timed out', null, SERVICES.MESSAGING);
  }

  override get errorCode(): ErrorCode {
    return ErrorCode.RequestTimeout;
  }
}

/**
 * @internal The SDK's own request timeouts (one per unanswered request; a sweep may fail
 * thousands at once): a {@link RequestTimeoutError} like `new RequestTimeoutError()` in what a
 * bot can see (class, `instanceof`, fields and their order, `errorCode`, message), built as a
 * plain Error given the class's prototype. V8 runs a subclass instance through each
 * constructor in turn, which costs about 0.7 µs more per error (see the README's Performance
 * section). The only difference: the stack's first line names this function.
 */
export function requestTimeoutError(): RequestTimeoutError {
  const err = new Error('Request has timed out') as Error & { code: null; service: ErrorService; error: null };
  Object.setPrototypeOf(err, RequestTimeoutError.prototype);
  err.code = null;
  err.service = SERVICES.MESSAGING;
  err.error = null;
  return err as RequestTimeoutError;
}

/** `socket not connected`: a request made while the socket is not open. `code` is null, as in the original. */
export class NotConnectedError extends SDKError {
  constructor() {
    super('socket not connected', null, SERVICES.MESSAGING);
  }

  override get errorCode(): ErrorCode {
    return ErrorCode.NotConnected;
  }
}

/** `The request was aborted`: the promise API's `signal` fired. `code` is `'ABORT_ERR'`. */
export class AbortError extends SDKError {
  constructor() {
    super('The request was aborted', ErrorCode.Aborted, SERVICES.MESSAGING);
  }

  override get errorCode(): ErrorCode {
    return ErrorCode.Aborted;
  }
}

/** A promise-API request refused before sending (bad body or options). `code` is `'ERR_INVALID_REQUEST'`, `service` null. */
export class InvalidRequestError extends SDKError {
  constructor(message: string) {
    super(message, ErrorCode.InvalidRequest, null);
  }

  override get errorCode(): ErrorCode {
    return ErrorCode.InvalidRequest;
  }
}

/** `new Agent(conf)` refused an option (a bad value, a token without userId). `code` is `'ERR_INVALID_OPTION'`, `service` null. */
export class InvalidOptionError extends SDKError {
  constructor(message: string) {
    super(message, ErrorCode.InvalidOption, null);
  }

  override get errorCode(): ErrorCode {
    return ErrorCode.InvalidOption;
  }
}

/**
 * The service answered with an error code (≥ 400), in the promise API. `code` is the response's
 * code; `body` and the whole `response` frame are kept.
 */
export class ResponseError extends SDKError {
  readonly body: unknown;
  /** The whole response frame. */
  readonly response: ErrorResponse;

  constructor(response: ErrorResponse) {
    const detail = typeof response.body === 'string' ? response.body : JSON.stringify(response.body);
    super(`${response.type} failed with code ${response.code}: ${detail}`, response.code, SERVICES.MESSAGING, null);
    this.body = response.body;
    this.response = response;
  }

  override get errorCode(): ErrorCode {
    return ErrorCode.Response;
  }
}

/** `no '{event}' event within {ms} ms`, from `agent.promises.nextConnected({timeout})`. `code` is `'ETIMEDOUT'`. */
export class EventTimeoutError extends SDKError {
  constructor(event: string, ms: number) {
    super(`no '${event}' event within ${ms} ms`, ErrorCode.EventTimeout, null);
  }

  override get errorCode(): ErrorCode {
    return ErrorCode.EventTimeout;
  }
}

/** `the socket closed before opening (code {code})`, from `agent.promises.connect()`. `code` is the close code. */
export class ClosedBeforeOpenError extends SDKError {
  constructor(closeCode: number) {
    super(`the socket closed before opening (code ${closeCode})`, closeCode, SERVICES.MESSAGING);
  }

  override get errorCode(): ErrorCode {
    return ErrorCode.ClosedBeforeOpen;
  }
}

/**
 * A server frame that the SDK could not rewrite. `payload` is the frame as received.
 * Like the original, the message is the cause's `toString()` (e.g. `Error: …`, `TypeError: …`).
 */
export class TransformError extends Error {
  readonly payload: unknown;

  constructor(cause: unknown, payload: unknown) {
    super(String(cause));
    if (cause instanceof Error && cause.stack) this.stack = cause.stack;
    this.payload = payload;
  }
}
