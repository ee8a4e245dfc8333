import { call, closeAll, login, post } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

afterEach(closeAll);

const SERVICES = ['agentVep', 'facadeMsg', 'asyncMessagingEnt', 'msgHist', 'runtimeFormLogic', 'swift'];

describe('CSDS', () => {
  test('lists every service on the emulator host, without scheme', async () => {
    const emu = await emulatorForTest();
    const res = await call(emu, `/api/account/${emu.accountId}/service/baseURI.json?version=1.0`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      baseURIs: SERVICES.map((service) => ({ account: emu.accountId, service, baseURI: `127.0.0.1:${emu.port}` })),
    });
  });

  test('an unknown account gets an empty list', async () => {
    const emu = await emulatorForTest();
    const res = await call(emu, '/api/account/999/service/baseURI.json?version=1.0');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ baseURIs: [] });
  });

  test('the single-service form answers one entry', async () => {
    const emu = await emulatorForTest({ accountId: '555' });
    const res = await call(emu, '/api/account/555/service/facadeMsg/baseURI.json?version=1.0');
    expect(await res.json()).toEqual({ account: '555', service: 'facadeMsg', baseURI: emu.host });
  });
});

describe('login', () => {
  test('user/password: the login reply of docs/protocol.md and a Session_id cookie', async () => {
    const emu = await emulatorForTest();
    const bot = emu.agent();
    const res = await post(emu, `/api/account/${emu.accountId}/login?v=1.3`, { username: 'bot', password: 'secret' });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/^Session_id=[0-9a-f]+; Path=\/; Secure; HttpOnly$/);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({
      csrf: expect.stringMatching(/^[0-9a-f]{64}$/),
      bearer: expect.stringMatching(/^[0-9a-f]{64}$/),
      sessionTTl: '28800000',
      config: { loginName: 'bot', userId: bot.userId, userPid: bot.userPid },
      csdsCollectionResponse: { baseURIs: expect.arrayContaining([{ account: emu.accountId, service: 'agentVep', baseURI: emu.host }]) },
    });
    expect(bot.userPid).toMatch(/^[0-9a-f-]{36}$/);
    expect(bot.oldAgentId).toBe(`${emu.accountId}.${bot.userId}`);
  });

  test('SAML assertion and OAuth1 bodies log in the matching agent', async () => {
    const emu = await emulatorForTest();
    const saml = emu.addAgent({ username: 'saml', assertion: '<Assertion/>' });
    const oauth = emu.addAgent({ username: 'app', appKey: 'k', secret: 's', accessToken: 't', accessTokenSecret: 'ts' });
    const bySaml = await login(emu, { jwt: 'dummy', assertion: '<Assertion/>' });
    expect(bySaml.userId).toBe(saml.userId);
    const byOauth = await login(emu, { username: 'app', appKey: 'k', secret: 's', accessToken: 't', accessTokenSecret: 'ts' });
    expect(byOauth.userPid).toBe(oauth.userPid);
    const wrong = await post(emu, `/api/account/${emu.accountId}/login?v=1.3`, {
      username: 'app', appKey: 'k', secret: 'WRONG', accessToken: 't', accessTokenSecret: 'ts',
    });
    expect(wrong.status).toBe(401);
  });

  test('bad credentials: 401 with an error body; malformed body: 400', async () => {
    const emu = await emulatorForTest();
    const res = await post(emu, `/api/account/${emu.accountId}/login?v=1.3`, { username: 'bot', password: 'nope' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { time: expect.any(String), message: expect.any(String), internalCode: expect.any(Number), responseStatus: 'UNAUTHORIZED' },
    });
    const unknownAccount = await post(emu, '/api/account/999/login?v=1.3', { username: 'bot', password: 'secret' });
    expect(unknownAccount.status).toBe(401);
    const malformed = await call(emu, `/api/account/${emu.accountId}/login?v=1.3`, { method: 'POST', body: '{nope' });
    expect(malformed.status).toBe(400);
  });

  test('agentConfig describes how to reach and log in', async () => {
    const emu = await emulatorForTest();
    expect(emu.agentConfig()).toEqual({
      accountId: emu.accountId, username: 'bot', password: 'secret', csdsDomain: `127.0.0.1:${emu.port}`, ca: emu.ca,
    });
    emu.addAgent({ username: 'saml', assertion: 'A' });
    expect(emu.agentConfig('saml')).toMatchObject({ assertion: 'A' });
    expect(emu.agentConfig({ username: 'saml' })).toMatchObject({ assertion: 'A' });
    expect(emu.agentConfig('saml', emu.accountId)).toMatchObject({ assertion: 'A' });
    expect(emu.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(emu.url).toBe(`https://127.0.0.1:${emu.port}`);
  });

  test('agentConfig({ autoReconnect }) asks for test reconnect delays; without it none are set', async () => {
    const emu = await emulatorForTest();
    expect(emu.agentConfig()).not.toHaveProperty('autoReconnect');
    expect(emu.agentConfig({ autoReconnect: false })).not.toHaveProperty('autoReconnect');
    expect(emu.agentConfig({ autoReconnect: true })).toEqual({
      ...emu.agentConfig(),
      autoReconnect: { initialDelay: 100, factor: 1.5, maxDelay: 1000, maxAttempts: 8 },
    });
    expect(emu.agentConfig({ autoReconnect: { maxAttempts: 3, initialDelay: 10 } }).autoReconnect).toEqual({
      initialDelay: 10, factor: 1.5, maxDelay: 1000, maxAttempts: 3,
    });
  });
});

describe('refresh', () => {
  test('cookie + csrf: 200 with an empty body', async () => {
    const emu = await emulatorForTest();
    const session = await login(emu);
    const res = await post(emu, `/api/account/${emu.accountId}/refresh?v=1.3`, { csrf: session.csrf }, { Cookie: session.cookie });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  test('a wrong csrf or a missing cookie: 401 with the CSRF error body', async () => {
    const emu = await emulatorForTest();
    const session = await login(emu);
    const path = `/api/account/${emu.accountId}/refresh?v=1.3`;
    for (const res of [
      await post(emu, path, { csrf: 'bad' }, { Cookie: session.cookie }),
      await post(emu, path, { csrf: session.csrf }),
    ]) {
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: { time: expect.any(String), message: expect.stringContaining('CSRF'), internalCode: 10, responseStatus: 'UNAUTHORIZED' },
      });
    }
  });
});

test('unknown routes answer 404', async () => {
  const emu = await emulatorForTest();
  expect((await call(emu, '/nothing/here')).status).toBe(404);
});
