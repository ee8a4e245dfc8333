/**
 * Masks secrets in what the SDK writes to logs: bearer tokens (also inside the websocket URL),
 * passwords, OAuth secrets, csrf values and cookies. Used only on the way to a logger, so its
 * cost is paid only when a line is actually written.
 */

export const MASK = '***';

/**
 * A key whose value is a secret wherever it appears (compared in lower case, without `-`/`_`):
 * `password`, `token`, `accessTokenSecret`, `Set-Cookie`, `Authorization`, `csrf`, ...
 */
const SECRET_KEY = /(password|passwd|token|secret|bearer|assertion|csrf|authorization|cookie|jwt|wsuk|appkey|apikey|privatekey)$/;

/** Secrets inside free text, each with what replaces it. */
const SECRET_TEXT: Array<[RegExp, string]> = [
  // The socket URL carries the bearer token as a path segment.
  [/\/brand\/[^/?#\s"']+/g, `/brand/${MASK}`],
  [/\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, `$1${MASK}`],
  // name=value pairs of query strings, form bodies and cookie headers whose name says secret.
  [/\b([A-Za-z_]*(?:password|token|secret|csrf|session_?id|assertion)[A-Za-z_]*=)[^;&\s"']+/gi, `$1${MASK}`],
  // user:password@ in a proxy URL.
  [/(\/\/[^/:@\s]+:)[^@\s/]+@/g, `$1${MASK}@`],
];

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[-_]/g, ''));
}

/** The text with every secret it contains masked. */
export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/** `wss://host/ws_api/account/123/messaging/brand/***?v=2.1`. */
export function redactUrl(url: string): string {
  return redactText(url);
}

/** Text longer than `limit` characters is cut there and says how long it was. */
export function truncate(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…(${text.length} chars)` : text;
}

const MAX_DEPTH = 12;

/**
 * A copy of `value` fit for a log line: values under secret keys masked, secrets in strings
 * masked, strings cut to `textLimit` characters. Deeper than 12 levels becomes `[…]`.
 */
export function redactValue(value: unknown, textLimit = Infinity, depth = 0): unknown {
  if (typeof value === 'string') return truncate(redactText(value), textLimit);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, textLimit, depth + 1));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) && item != null && item !== '' ? MASK : redactValue(item, textLimit, depth + 1);
  }
  return copy;
}
