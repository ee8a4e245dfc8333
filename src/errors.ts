/** The service an {@link SDKError} came from, as named by the original SDK. */
export type ErrorService =
  | 'messaging'
  | 'domainNames'
  | 'authentication.login'
  | 'authentication.refreshSession'
  | null;

export const SERVICES = {
  MESSAGING: 'messaging',
  DOMAIN_NAMES: 'domainNames',
  LOGIN: 'authentication.login',
  REFRESH_SESSION: 'authentication.refreshSession',
} as const;

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
