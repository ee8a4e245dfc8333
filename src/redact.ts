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
  return secrets;
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
