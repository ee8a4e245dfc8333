import type { AgentConfig } from './config';

/** Shown instead of a secret. */
export const HIDDEN = '***';

/** The conf fields that hold credentials: hidden from inspection and from every error text. */
export const SECRET_OPTIONS = ['password', 'token', 'assertion', 'secret', 'accessToken', 'accessTokenSecret'] as const;

/** The bearer sits in the websocket path; every message shows it as `/brand/***`. */
const BRAND_PATH = /\/brand\/[^?#\s/'"]+/g;

/** Secrets shorter than this are not searched for in free text (they would hide ordinary words). */
const MIN_SECRET_LENGTH = 4;

/** `text` with the bearer of a websocket URL and every known secret replaced by `***`. */
export function redactText(text: string, secrets: Iterable<string>): string {
  let clean = text.replace(BRAND_PATH, `/brand/${HIDDEN}`);
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH && clean.includes(secret)) clean = clean.split(secret).join(HIDDEN);
  }
  return clean;
}

/**
 * Removes secrets from an error, its string properties (Node's URL errors keep the `input`)
 * and its causes, in place, so that the object the bot receives stays the one the SDK made.
 * Returns the same error.
 */
export function redactError<E>(err: E, secrets: Iterable<string>, seen = new Set<unknown>()): E {
  if (err === null || typeof err !== 'object' || seen.has(err)) return err;
  seen.add(err);
  const list = [...secrets];
  const target = err as Record<string, unknown>;
  for (const key of [...Object.getOwnPropertyNames(target), 'message', 'stack']) {
    let value: unknown;
    try {
      value = target[key];
    } catch {
      continue;
    }
    if (typeof value === 'string') {
      const clean = redactText(value, list);
      if (clean !== value) {
        try {
          target[key] = clean;
        } catch {
          /* a read-only property: nothing the SDK can do */
        }
      }
    } else if (value instanceof Error || (key === 'error' && value !== null && typeof value === 'object')) {
      redactError(value, list, seen);
    }
  }
  if ((err as { cause?: unknown }).cause instanceof Error) redactError((err as { cause?: unknown }).cause, list, seen);
  return err;
}

/** The conf's secrets (and a proxy password) as strings to search for. */
export function secretsOf(conf: AgentConfig, proxy: string | undefined): string[] {
  const secrets: string[] = [];
  for (const name of SECRET_OPTIONS) {
    const value = conf[name];
    if (typeof value === 'string' && value) secrets.push(value);
  }
  const password = proxyPassword(proxy);
  if (password) secrets.push(password, encodeURIComponent(password));
  // An exact-size copy: the agent keeps this list for its life, and an array grown by push has spare slots.
  return secrets.slice();
}

function proxyPassword(proxy: string | undefined): string | undefined {
  if (!proxy) return undefined;
  try {
    const url = new URL(proxy);
    return url.password ? decodeURIComponent(url.password) : undefined;
  } catch {
    return undefined;
  }
}

/** Also hidden from inspection: TLS private keys and request headers (which may carry credentials). */
const HIDDEN_FROM_INSPECTION = [...SECRET_OPTIONS, 'key', 'pfx', 'passphrase', 'headers'];

/** A copy of the conf for display: credentials and a proxy password replaced by `***`. */
export function redactedConf(conf: AgentConfig): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...conf };
  for (const name of HIDDEN_FROM_INSPECTION) if (copy[name] !== undefined && copy[name] !== null) copy[name] = HIDDEN;
  if (typeof copy.proxy === 'string') {
    try {
      const url = new URL(copy.proxy);
      if (url.password) url.password = HIDDEN;
      copy.proxy = url.toString();
    } catch {
      copy.proxy = HIDDEN;
    }
  }
  return copy;
}

// ---- log lines: the frame trace and logged error texts ---------------------------------------
// Frames and messages come from the service and the bot, not from the conf, so besides the known
// secrets these mask by key name and by the shapes secrets take in text. Used only on the way to
// a logger, so the cost is paid only when a line is written.

/**
 * A key whose value is a secret wherever it appears (compared in lower case, without `-`/`_`):
 * `password`, `token`, `accessTokenSecret`, `Set-Cookie`, `Authorization`, `csrf`, ...
 */
const SECRET_KEY = /(password|passwd|token|secret|bearer|assertion|csrf|authorization|cookie|jwt|wsuk|appkey|apikey|privatekey)$/;

/** Secrets inside free text, each with what replaces it (the `/brand/` path is `redactText`'s). */
const SECRET_TEXT: Array<[RegExp, string]> = [
  [/\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, `$1${HIDDEN}`],
  // name=value pairs of query strings, form bodies and cookie headers whose name says secret.
  [/\b([A-Za-z_]*(?:password|token|secret|csrf|session_?id|assertion)[A-Za-z_]*=)[^;&\s"']+/gi, `$1${HIDDEN}`],
  // user:password@ in a URL.
  [/(\/\/[^/:@\s]+:)[^@\s/]+@/g, `$1${HIDDEN}@`],
];

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[-_]/g, ''));
}

/** Text for a log line: the known `secrets`, the socket URL's bearer and secret-shaped text masked. */
export function maskText(text: string, secrets: Iterable<string> = []): string {
  let out = redactText(text, secrets);
  for (const [pattern, replacement] of SECRET_TEXT) out = out.replace(pattern, replacement);
  return out;
}

/** Text longer than `limit` characters is cut there and says how long it was. */
export function truncate(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…(${text.length} chars)` : text;
}

const MAX_DEPTH = 12;

/**
 * A copy of `value` fit for a log line: values under secret keys masked, strings masked as by
 * {@link maskText} and cut to `textLimit` characters. Deeper than 12 levels becomes `[…]`.
 */
export function maskValue(value: unknown, textLimit = Infinity, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return truncate(maskText(value, secrets), textLimit);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.map((item) => maskValue(item, textLimit, secrets, depth + 1));
  if (Buffer.isBuffer(value)) return `[${value.length} bytes]`;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) && item != null && item !== '' ? HIDDEN : maskValue(item, textLimit, secrets, depth + 1);
  }
  return copy;
}
