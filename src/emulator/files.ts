import { createHmac, timingSafeEqual } from 'crypto';
import { hexToken, uuid } from './ids';

/** The path prefix of LivePerson's hosted files on the `swift` service. */
export const FILES_PREFIX = '/v1/AUTH_async-images/';
export const MAX_FILE_BYTES = 3 * 1024 * 1024;

interface SignedUrl {
  relativePath: string;
  queryParams: { temp_url_sig: string; temp_url_expires: string };
}

/** Swift-style temp URLs (HMAC over method, expiry and path) and the files PUT through them. */
export class FileStore {
  private readonly key = hexToken();
  private readonly files = new Map<string, Buffer>();

  constructor(private readonly ttlMs: () => number) {}

  newPath(accountId: string, fileType: string): string {
    return `${FILES_PREFIX}${accountId}/${uuid()}.${fileType}`;
  }

  sign(method: 'PUT' | 'GET', relativePath: string): SignedUrl {
    const expires = String(Math.floor((Date.now() + this.ttlMs()) / 1000));
    return { relativePath, queryParams: { temp_url_sig: this.signature(method, expires, relativePath), temp_url_expires: expires } };
  }

  verify(method: string, relativePath: string, sig: string | null, expires: string | null): boolean {
    if (!sig || !expires || Number(expires) * 1000 < Date.now()) return false;
    const expected = Buffer.from(this.signature(method, expires, relativePath));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  put(relativePath: string, content: Buffer): void {
    this.files.set(relativePath, content);
  }

  get(relativePath: string): Buffer | undefined {
    return this.files.get(relativePath);
  }

  private signature(method: string, expires: string, relativePath: string): string {
    return createHmac('sha1', this.key).update(`${method}\n${expires}\n${relativePath}`).digest('hex');
  }
}
