import * as tls from 'tls';
import type { Emulator } from '../../src/emulator';
import { UmsClient, acceptedConversation, closeAll, login, readyBot, text } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

afterEach(closeAll);

/** Sends a raw websocket upgrade with `target` as the request target; resolves with the status line. */
function rawUpgrade(emu: Emulator, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: emu.port, ca: emu.ca }, () => {
      socket.write(
        `GET ${target} HTTP/1.1\r\nHost: ${emu.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
    });
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk.toString();
      if (received.includes('\r\n')) {
        socket.destroy();
        resolve(received.split('\r\n')[0]);
      }
    });
    socket.on('error', reject);
  });
}

/** A JSON array nested `depth` deep: JSON.parse reads it, JSON.stringify overflows the stack on it. */
const deeplyNested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('the emulator survives bad clients', () => {
  test.each([
    ['bad percent-encoding in the bearer', '/ws_api/account/12345678/messaging/brand/%E0%A4%A?v=2.1'],
    ['bad percent-encoding in the account', '/ws_api/account/%E0%A4%A/messaging/brand/abc?v=2.1'],
    ['a target of //', '//'],
    ['an absolute URL', 'https://elsewhere.example/ws_api/account/12345678/messaging/brand/abc?v=2.1'],
    ['a target without a leading slash', 'ws_api/account/12345678/messaging/brand/abc'],
  ])('%s: HTTP 400, and the emulator still serves', async (_what, target) => {
    const emu = await emulatorForTest();
    expect(await rawUpgrade(emu, target)).toBe('HTTP/1.1 400 Bad Request');
    const bot = await UmsClient.as(emu);
    expect((await bot.request('.GetClock', {})).code).toBe(200);
  });

  test('an unknown path is still a 404, a bad bearer still a 401', async () => {
    const emu = await emulatorForTest();
    expect(await rawUpgrade(emu, '/elsewhere')).toBe('HTTP/1.1 404 Not Found');
    expect(await rawUpgrade(emu, '/ws_api/account/12345678/messaging/brand/nope?v=2.1')).toBe('HTTP/1.1 401 Unauthorized');
  });

  test('an HTTP request with a malformed target gets a 400 too', async () => {
    const emu = await emulatorForTest();
    const status = await new Promise<string>((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port: emu.port, ca: emu.ca }, () => {
        socket.write(`GET //x HTTP/1.1\r\nHost: ${emu.host}\r\nConnection: close\r\n\r\n`);
      });
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('end', () => resolve(received.split('\r\n')[0]));
      socket.on('error', reject);
    });
    expect(status).toBe('HTTP/1.1 400 Bad Request');
  });

  test('a publishEvent whose event cannot be written back as JSON is refused with 400; nothing is stored or sent', async () => {
    const emu = await emulatorForTest();
    const bot = await readyBot(emu);
    const { consumer, convId } = await acceptedConversation(emu, bot);
    const id = 'deep-1';
    bot.ws.send(
      `{"kind":"req","id":"${id}","type":".ams.ms.PublishEvent","body":{"dialogId":"${convId}",` +
        `"event":{"type":"RichContentEvent","content":${deeplyNested(20000)}}}}`,
    );
    const answer = await bot.waitFor((f) => f.kind === 'resp' && f.reqId === id);
    expect(answer).toEqual({ kind: 'resp', reqId: id, code: 400, type: '.ReqBody$StringResp', body: 'Bad request: frame too deeply nested' });
    // The socket and the conversation go on.
    const published = await bot.request('.ams.ms.PublishEvent', { dialogId: convId, event: text('still here') });
    expect(published.code).toBe(200);
    await consumer.waitForMessage('still here');
    expect(consumer.messages.map((m: any) => m.event?.type ?? m.type)).not.toContain('RichContentEvent');
  });

  test('maxPayload: a frame over it closes that socket with 1009; others are untouched', async () => {
    const emu = await emulatorForTest({ maxPayload: 1024 });
    const bot = await UmsClient.as(emu);
    const other = await UmsClient.as(emu);
    bot.send('.GetClock', { padding: 'x'.repeat(2000) });
    expect(await bot.waitClose()).toBe(1009);
    expect((await other.request('.GetClock', { padding: 'x'.repeat(500) })).code).toBe(200);
  });

  test('expired sessions are deleted with their timers', async () => {
    const emu = await emulatorForTest();
    const core = (emu as any).core;
    const timersBefore = core.timers.size;
    const bearers: string[] = [];
    for (let i = 0; i < 5; i++) bearers.push((await login(emu)).bearer);
    expect(core.sessions.size).toBe(5);
    expect(core.timers.size).toBe(timersBefore + 5);
    expect(emu.faults.expireTokens()).toBe(5);
    expect(core.sessions.size).toBe(0);
    expect(core.timers.size).toBe(timersBefore);
    // An expired bearer is unknown: its upgrade is refused.
    await expect(UmsClient.connect(emu, bearers[0])).rejects.toThrow('Unexpected server response: 401');

    // Expiry by lifetime deletes the same way.
    emu.sessionTtlMs = 20;
    await login(emu);
    expect(core.sessions.size).toBe(1);
    while (core.sessions.size > 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(core.timers.size).toBe(timersBefore);
  });
});
