import { call } from './http';
import type { HttpClient } from './http';
import { SERVICES } from './errors';
import type { SDKError } from './errors';

/** CSDS answer as a map: service name → host. */
export type Domains = Record<string, string>;

/** How long a non-empty CSDS answer is reused, per account (the original's node-cache TTL). */
const CSDS_CACHE_TTL_MS = 60_000;

/**
 * The part of node-cache's API the original's `csdsClient.cache` offered (its own tests and some
 * bots call `flushAll()` to make the next step ask CSDS again). Values are copied in and out.
 */
export class DomainsCache {
  private readonly entries = new Map<string, { domains: Domains; expires: number }>();

  /** The cached domains of an account, unless expired. */
  get(key: string): Domains | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return { ...entry.domains };
  }

  /** `ttl` in seconds, as node-cache takes it; default 60. */
  set(key: string, domains: Domains, ttl = CSDS_CACHE_TTL_MS / 1000): boolean {
    this.entries.set(key, { domains: { ...domains }, expires: Date.now() + ttl * 1000 });
    return true;
  }

  /** Whether an unexpired entry exists. */
  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Removes one key or several; returns how many were there. */
  del(keys: string | string[]): number {
    let count = 0;
    for (const key of Array.isArray(keys) ? keys : [keys]) if (this.entries.delete(key)) count++;
    return count;
  }

  /** The cached account ids. */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  /** Empties the cache: the next lookup asks CSDS. */
  flushAll(): void {
    this.entries.clear();
  }
}

/** Looks up the account's service hosts in CSDS, caching a non-empty answer for 60 s. */
export class DomainsClient {
  readonly cache = new DomainsCache();

  constructor(
    private readonly http: HttpClient,
    private readonly csdsDomain: string,
    private readonly accountId: string,
  ) {}

  /** The cached answer (a copy), if one is still fresh. */
  cached(): Domains | undefined {
    return this.cache.get(this.accountId);
  }

  /**
   * Resolves `[error, domains]`: an answer without `baseURIs` yields undefined (the original's
   * reconnect reports that as `could not fetch domains on reconnect`), an empty list `{}`.
   */
  async getAll(): Promise<[SDKError | null, Domains | undefined]> {
    const cached = this.cached();
    if (cached) return [null, cached];
    const url = `https://${this.csdsDomain}/api/account/${this.accountId}/service/baseURI.json?version=1.0`;
    const [err, res] = await call(this.http, { method: 'GET', url }, 'Error on CSDS request', SERVICES.DOMAIN_NAMES);
    if (err) return [err, undefined];
    const baseURIs = res?.body?.baseURIs;
    if (!baseURIs) return [null, undefined];
    const domains = toDomainMap(baseURIs);
    if (Object.keys(domains).length > 0) this.cache.set(this.accountId, domains);
    return [null, { ...domains }];
  }
}

/**
 * Like the original: any truthy `baseURIs` is read by index up to its `length` (an object
 * without one gives `{}`), and every entry counts, whatever its `service`. Only entries that
 * are not objects are skipped (the original threw on them).
 */
function toDomainMap(baseURIs: any): Domains {
  const domains: Domains = {};
  for (let i = 0; i < (baseURIs.length || 0); i++) {
    const entry = baseURIs[i];
    if (entry !== null && typeof entry === 'object') domains[entry.service] = entry.baseURI;
  }
  return domains;
}
