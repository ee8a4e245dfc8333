import WebSocket from 'ws';
import { UmsClient, call, closeAll, login, post, readyBot, wsUrl } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

afterEach(closeAll);

/** Opens a socket expecting the upgrade to be refused; resolves with the ws error message. */
function refusedUpgrade(url: string, ca: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ca });
    ws.on('open', () => {
      ws.terminate();
      reject(new Error('upgrade unexpectedly accepted'));
    });
    ws.on('error', (err) => resolve(err.message));
  });
}

describe('socket faults', () => {
  test('dropAllSockets: clients see 1006', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    expect(emu.faults.dropAllSockets()).toBe(1);
    expect(await bot.waitClose()).toBe(1006);
  });

  test('closeAllSockets: a close frame with the code, optionally for one agent only', async () => {
    const emu = await emulatorForTest();
    emu.addAgent({ username: 'other', password: 'pw' });
    const bot = await UmsClient.as(emu);
    const other = await UmsClient.as(emu, 'other', 'pw');
    expect(emu.faults.closeAllSockets(4401, 'go away', { username: 'bot' })).toBe(1);
    expect(await bot.waitClose()).toBe(4401);
    expect((await other.request('.GetClock', {})).code).toBe(200);
    emu.faults.closeAllSockets(1011);
    expect(await other.waitClose()).toBe(1011);
  });

  test('ignorePings: no pong until resumed', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    let pongs = 0;
    bot.ws.on('pong', () => pongs++);
    bot.ws.ping();
    await bot.sync(); // the pong, if any, precedes this response
    expect(pongs).toBe(1);
    emu.faults.ignorePings();
    bot.ws.ping();
    await bot.sync();
    expect(pongs).toBe(1);
    emu.faults.ignorePings(false);
    bot.ws.ping();
    await bot.sync();
    expect(pongs).toBe(2);
  });

  test('rejectUpgrades: the handshake gets the status, once', async () => {
    const emu = await emulatorForTest();
    const { bearer } = await login(emu);
    emu.faults.rejectUpgrades(503, { times: 1 });
    expect(await refusedUpgrade(wsUrl(emu, bearer), emu.ca)).toBe('Unexpected server response: 503');
    const bot = await UmsClient.connect(emu, bearer);
    expect((await bot.request('.GetClock', {})).code).toBe(200);
  });
});

describe('token faults', () => {
  test('a bad bearer or a wrong account is refused with 401 at upgrade', async () => {
    const emu = await emulatorForTest();
    const { bearer } = await login(emu);
    expect(await refusedUpgrade(wsUrl(emu, 'not-a-token'), emu.ca)).toBe('Unexpected server response: 401');
    emu.addAccount('777');
    expect(await refusedUpgrade(wsUrl(emu, bearer, '777'), emu.ca)).toBe('Unexpected server response: 401');
  });

  test('expireTokens: live sockets close 4401, the bearer is refused with 401, refresh gets 401, login works again', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    expect(emu.faults.expireTokens()).toBe(1);
    expect(await bot.waitClose()).toBe(4401);
    expect(await refusedUpgrade(wsUrl(emu, bot.login.bearer), emu.ca)).toBe('Unexpected server response: 401');
    const refresh = await post(emu, `/api/account/${emu.accountId}/refresh?v=1.3`, { csrf: bot.login.csrf }, { Cookie: bot.login.cookie });
    expect(refresh.status).toBe(401);
    const fresh = await UmsClient.as(emu);
    expect((await fresh.request('.GetClock', {})).code).toBe(200);
  });

  test('a session past its TTL closes its sockets with 4401', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    expect(bot.login.body.sessionTTl).toBe('28800000');
    // Refresh applies the current TTL: shortening it makes the live session run out.
    emu.sessionTtlMs = 20;
    const refresh = await post(emu, `/api/account/${emu.accountId}/refresh?v=1.3`, { csrf: bot.login.csrf }, { Cookie: bot.login.cookie });
    expect(refresh.status).toBe(200);
    expect(await bot.waitClose()).toBe(4401);
  });
});

describe('response faults', () => {
  test('delayResponses: later frames overtake the delayed response', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    emu.faults.delayResponses('.ams.routing.SubscribeRoutingTasks', 60_000);
    bot.send('.ams.routing.SubscribeRoutingTasks', {});
    await bot.sync();
    expect(bot.frames.map((f) => f.type)).toEqual(['.GetClock$Response']);
  });

  test('delayResponses: the response comes later, still before the notifications it caused', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    emu.faults.delayResponses('.ams.routing.SubscribeRoutingTasks', 20, { times: 1 });
    const id = bot.send('.ams.routing.SubscribeRoutingTasks', {});
    const note = await bot.waitFor((f) => f.type === '.ams.routing.RoutingTaskNotification');
    const resp = bot.frames.find((f) => f.reqId === id);
    expect(resp).toMatchObject({ code: 200, type: '.ams.GenericSubscribe$Response' });
    expect(bot.frames.indexOf(resp as object)).toBeLessThan(bot.frames.indexOf(note));
    expect((await bot.request('.ams.routing.SubscribeRoutingTasks', {})).code).toBe(200); // disarmed after once
  });

  test('dropResponses: processed but unanswered; `times` disarms it', async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    emu.faults.dropResponses('.ams.routing.SetAgentState', { times: 1 });
    const id = bot.send('.ams.routing.SetAgentState', { availability: 'ONLINE' });
    await bot.sync();
    expect(bot.frames.some((f) => f.reqId === id)).toBe(false);
    expect(emu.agent().availability).toBe('ONLINE');
    expect((await bot.request('.ams.routing.SetAgentState', { availability: 'AWAY' })).code).toBe(202);
  });

  test("failResponses: a string error without processing; '*' hits every type until cleared", async () => {
    const emu = await emulatorForTest();
    const bot = await UmsClient.as(emu);
    emu.faults.failResponses('.ams.routing.SetAgentState', 429, { body: 'Too many requests' });
    const resp = await bot.request('.ams.routing.SetAgentState', { availability: 'ONLINE' });
    expect(resp).toEqual({ kind: 'resp', reqId: expect.any(String), code: 429, type: '.ReqBody$StringResp', body: 'Too many requests' });
    expect(emu.agent().availability).toBe('OFFLINE');
    emu.faults.failResponses('*', 500);
    expect(await bot.request('.GetClock', {})).toMatchObject({ code: 500, body: 'Emulated failure 500' });
    emu.faults.reset();
    expect((await bot.request('.GetClock', {})).code).toBe(200);
  });
});

describe('HTTP faults', () => {
  test('failHttp csds: once, then normal', async () => {
    const emu = await emulatorForTest();
    emu.faults.failHttp('csds', 503, { times: 1 });
    const path = `/api/account/${emu.accountId}/service/baseURI.json?version=1.0`;
    const failed = await call(emu, path);
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ error: { internalCode: 503 } });
    expect((await call(emu, path)).status).toBe(200);
  });

  test('failHttp login: until cleared, with a custom body', async () => {
    const emu = await emulatorForTest();
    emu.faults.failHttp('login', 500, { body: { error: 'LeLogin1 failed - invalid url received from app server' } });
    const path = `/api/account/${emu.accountId}/login?v=1.3`;
    for (let i = 0; i < 2; i++) {
      const res = await post(emu, path, { username: 'bot', password: 'secret' });
      expect(res.status).toBe(500);
      expect(await res.json()).toEqual({ error: 'LeLogin1 failed - invalid url received from app server' });
    }
    emu.faults.clearHttp('login');
    expect((await post(emu, path, { username: 'bot', password: 'secret' })).status).toBe(200);
  });

  test('failHttp refresh: 401 even with a good csrf', async () => {
    const emu = await emulatorForTest();
    const session = await login(emu);
    emu.faults.failHttp('refresh', 401, { times: 1 });
    const path = `/api/account/${emu.accountId}/refresh?v=1.3`;
    expect((await post(emu, path, { csrf: session.csrf }, { Cookie: session.cookie })).status).toBe(401);
    expect((await post(emu, path, { csrf: session.csrf }, { Cookie: session.cookie })).status).toBe(200);
  });
});

test('close(): sockets see 1006, pending timers and waits end, the port is released; idempotent', async () => {
  const emu = await emulatorForTest({ ringExpirationMs: 60_000 });
  const bot = await readyBot(emu);
  const consumer = emu.consumer();
  await consumer.startConversation();
  await bot.waitFor((f) => f.type === '.ams.routing.RoutingTaskNotification' && f.body.changes.length > 0);
  emu.faults.delayResponses('.GetClock', 60_000);
  bot.send('.GetClock', {});
  const waiting = consumer.waitForMessage('never', { timeout: 60_000 });
  const url = emu.url;
  await Promise.all([emu.close(), emu.close()]);
  await expect(waiting).rejects.toThrow('emulator closed');
  expect(await bot.waitClose()).toBe(1006);
  expect((emu as unknown as { core: { timers: { size: number } } }).core.timers.size).toBe(0);
  expect(emu.connectionCount).toBe(0);
  await expect(call(emu, '/')).rejects.toThrow(/ECONNREFUSED/);
  expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
});
