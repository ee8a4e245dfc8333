import { call, type HttpClient } from './http';
import { SERVICES, type SDKError } from './errors';

export type Domains = Record<string, string>;

/** How long a non-empty CSDS answer is reused, per account (the original's node-cache TTL). */
export const CSDS_CACHE_TTL_MS = 60_000;

/** Looks up the account's service hosts in CSDS, caching a non-empty answer for 60 s. */
export class DomainsClient {
  private cached: { domains: Domains; expires: number } | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly csdsDomain: string,
    private readonly accountId: string,
  ) {}

  /**
   * Resolves `[error, domains]`: an answer without `baseURIs` yields undefined (the original's
   * reconnect reports that as `could not fetch domains on reconnect`), an empty list `{}`.
   */
  async getAll(): Promise<[SDKError | null, Domains | undefined]> {
    if (this.cached && this.cached.expires > Date.now()) return [null, { ...this.cached.domains }];
    const url = `https://${this.csdsDomain}/api/account/${this.accountId}/service/baseURI.json?version=1.0`;
    const [err, res] = await call(this.http, { method: 'GET', url }, 'Error on CSDS request', SERVICES.DOMAIN_NAMES);
    if (err) return [err, undefined];
    const baseURIs = res?.body?.baseURIs;
    if (!baseURIs) return [null, undefined];
    const domains = toDomainMap(baseURIs);
    if (Object.keys(domains).length > 0) this.cached = { domains, expires: Date.now() + CSDS_CACHE_TTL_MS };
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
