import { CookieJar } from '../../src/auth/cookies';

describe('CookieJar', () => {
  it('replays the login cookies as one Cookie header, in the order they were set', () => {
    const jar = new CookieJar();
    jar.setAll(['Session_id=abc; Path=/; Secure; HttpOnly', 'lp_route=r1; Path=/']);
    expect(jar.header()).toBe('Session_id=abc; lp_route=r1');
    expect(jar.getCookieString('https://va.agentvep.liveperson.net/')).toBe('Session_id=abc; lp_route=r1');
    expect(jar.size).toBe(2);
  });

  it('a later cookie of the same name replaces the earlier in place, within one answer and across answers', () => {
    const jar = new CookieJar();
    jar.setAll(['a=1', 'b=2', 'a=3']);
    expect(jar.header()).toBe('a=3; b=2');
    jar.setAll(['b=4; Max-Age=60', 'c=5']);
    expect(jar.header()).toBe('a=3; b=4; c=5');
    expect(jar.size).toBe(3);
  });

  it('keeps a value with "=" in it, trims spaces around name and value, and skips headers without a name', () => {
    const jar = new CookieJar();
    jar.setAll([' token = x=y==; Path=/', '=nameless', 'no-equals-sign', '']);
    expect(jar.header()).toBe('token=x=y==');
    expect(jar.size).toBe(1);
  });

  it('is empty before any cookie: an empty header', () => {
    const jar = new CookieJar();
    jar.setAll([]);
    expect(jar.header()).toBe('');
    expect(jar.size).toBe(0);
  });

  it('a cookie named like an Object.prototype member is a cookie like any other', () => {
    const jar = new CookieJar();
    jar.setAll(['__proto__=p', 'constructor=c', 'toString=t']);
    expect(jar.header()).toBe('__proto__=p; constructor=c; toString=t');
  });
});
