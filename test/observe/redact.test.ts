import { isSecretKey, maskText, maskValue, truncate } from '../../src/redact';

describe('masking for log lines', () => {
  it('masks the bearer token in the socket URL', () => {
    expect(maskText('wss://va.msg.liveperson.net/ws_api/account/123/messaging/brand/eyJhbGciOi.JIUzI1?v=2.1')).toBe(
      'wss://va.msg.liveperson.net/ws_api/account/123/messaging/brand/***?v=2.1',
    );
  });

  it.each([
    ['Authorization: Bearer eyJ0eXAi.abc-def_1==', 'Authorization: Bearer ***'],
    ['POST /login?password=hunter2&user=bot', 'POST /login?password=***&user=bot'],
    ['Cookie: Session_id=s1; other=o1', 'Cookie: Session_id=***; other=o1'],
    ['oauth_token=t1&oauth_token_secret=t2&csrf=c1', 'oauth_token=***&oauth_token_secret=***&csrf=***'],
    ['proxy http://user:pa55@proxy:3128 refused', 'proxy http://user:***@proxy:3128 refused'],
    ['plain text stays as it is', 'plain text stays as it is'],
  ])('masks secrets in text: %s', (text, expected) => {
    expect(maskText(text)).toBe(expected);
  });

  it('masks the secrets the agent knows wherever they appear', () => {
    expect(maskText('login as bot with s3cr3t-pw failed', ['s3cr3t-pw'])).toBe('login as bot with *** failed');
    expect(maskValue({ note: 'the pw is s3cr3t-pw' }, Infinity, ['s3cr3t-pw'])).toEqual({ note: 'the pw is ***' });
  });

  it.each(['password', 'token', 'accessToken', 'accessTokenSecret', 'secret', 'appKey', 'Set-Cookie', 'cookie', 'Authorization', 'proxy-authorization', 'csrf', 'bearer', 'assertion', 'wsuk', 'refresh_token'])(
    'treats the key %s as secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );

  it.each(['dialogId', 'message', 'type', 'userId', 'conversationId', 'accountId', 'code'])('keeps the key %s', (key) => expect(isSecretKey(key)).toBe(false));

  it('copies a value with secret keys masked at any depth, text cut, buffers summarised; the input is untouched', () => {
    const input = {
      accountId: '1',
      password: 'p',
      empty: { token: '' },
      list: [{ accessTokenSecret: 's' }, 'long text here'],
      headers: { Authorization: 'Bearer x' },
      file: Buffer.from('abcd'),
      n: 3,
      none: null,
    };
    const before = JSON.stringify(input);
    expect(maskValue(input, 4)).toEqual({
      accountId: '1',
      password: '***',
      empty: { token: '' },
      list: [{ accessTokenSecret: '***' }, 'long…(14 chars)'],
      headers: { Authorization: '***' },
      file: '[4 bytes]',
      n: 3,
      none: null,
    });
    expect(JSON.stringify(input)).toBe(before);
  });

  it('stops at a depth of 12 (a cyclic value does not loop)', () => {
    const cyclic: any = { a: 1 };
    cyclic.self = cyclic;
    let shown: any = maskValue(cyclic);
    for (let i = 0; i < 12; i++) shown = shown.self;
    expect(shown).toBe('[…]');
  });

  it('cuts text only when longer than the limit', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcd', 3)).toBe('abc…(4 chars)');
    expect(truncate('abcd', 0)).toBe('…(4 chars)');
  });
});
