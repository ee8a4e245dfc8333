/**
 * The cookies the login answer set (LivePerson's `Session_id` among them), replayed on
 * refresh. One jar per agent; attributes other than name and value do not matter here.
 */
export class CookieJar {
  /**
   * Name, value, name, value…: a login sets a cookie or two, and a `Map` costs 150 bytes more
   * an agent than this (the jar lives as long as the agent).
   */
  private cookies: string[] = [];

  /** Stores each `Set-Cookie` header value; a later cookie of the same name replaces the earlier. */
  setAll(setCookieHeaders: readonly string[]): void {
    const cookies = this.cookies;
    for (const header of setCookieHeaders) {
      const pair = header.split(';', 1)[0];
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const at = cookies.findIndex((held, i) => i % 2 === 0 && held === name);
      if (at >= 0) cookies[at + 1] = value;
      else cookies.push(name, value);
    }
    // An exact-size copy: an array grown by push keeps spare slots.
    this.cookies = cookies.slice();
  }

  /** The `Cookie` request header value, empty when the jar is empty. */
  header(): string {
    const pairs: string[] = [];
    for (let i = 0; i < this.cookies.length; i += 2) pairs.push(`${this.cookies[i]}=${this.cookies[i + 1]}`);
    return pairs.join('; ');
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
    return this.cookies.length / 2;
  }
}
