/**
 * The cookies the login answer set (LivePerson's `Session_id` among them), replayed on
 * refresh. One jar per agent; attributes other than name and value do not matter here.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Stores each `Set-Cookie` header value; a later cookie of the same name replaces the earlier. */
  setAll(setCookieHeaders: readonly string[]): void {
    for (const header of setCookieHeaders) {
      const pair = header.split(';', 1)[0];
      const eq = pair.indexOf('=');
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  /** The `Cookie` request header value, empty when the jar is empty. */
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /**
   * The name the original's jar (the `request` library's) gave this, for bots that read
   * `agent.jar.getCookieString(url)`; every cookie of the login is for the one agentVep host.
   */
  getCookieString(_url?: string): string {
    return this.header();
  }

  /** How many cookies the jar holds. */
  get size(): number {
    return this.cookies.size;
  }
}
