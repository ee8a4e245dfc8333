import { DEFAULT_MESSAGE, SHARED, type SharedInfo, startFileSharingBot } from '../../examples/filesharing-bot/filesharing-bot';
import { LOGO_PNG } from '../../examples/filesharing-bot/logo';
import { rest } from '../../examples/lib/rest';
import { nextEvent } from '../helpers/events';
import { logLines } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

test('uploads the file to swift, publishes it as hosted/file, and the download URL serves the same bytes', async () => {
  const emulator = await emulatorForTest();
  const bot = track(startFileSharingBot(emulator.agentConfig(), { log: logLines() }));
  const shared = nextEvent<SharedInfo>(bot, SHARED);
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();

  const fileMessage = await consumer.waitForMessage((r) => r.event.contentType === 'hosted/file');
  expect(fileMessage.event).toEqual({
    type: 'ContentEvent',
    contentType: 'hosted/file',
    message: { caption: 'Our logo', relativePath: expect.stringMatching(/^\/v1\/AUTH_async-images\/12345678\/[0-9a-f-]+\.PNG$/), fileType: 'PNG' },
  });
  expect(fileMessage.originatorMetadata.role).toBe('MANAGER');
  await consumer.waitForMessage(DEFAULT_MESSAGE);

  const info = await shared;
  expect(info).toMatchObject({ conversationId: convId, relativePath: (fileMessage.event.message as { relativePath: string }).relativePath });
  const download = await rest(emulator.agentConfig(), { method: 'GET', url: info.downloadUrl });
  expect(download.status).toBe(200);
  expect(download.body.equals(LOGO_PNG)).toBe(true);
  // The signature is what grants access: the bare path is refused.
  const unsigned = await rest(emulator.agentConfig(), { method: 'GET', url: `${emulator.url}${info.relativePath}` });
  expect(unsigned.status).toBe(401);
});

test('shares the file it is given, with its caption and type', async () => {
  const emulator = await emulatorForTest();
  const content = Buffer.from('GIF89a-not-really');
  track(startFileSharingBot(emulator.agentConfig(), { file: { content, fileType: 'GIF', caption: 'Dancing cat' }, message: 'Enjoy!', log: logLines() }));
  const consumer = emulator.consumer();
  await consumer.startConversation();
  const fileMessage = await consumer.waitForMessage((r) => r.event.contentType === 'hosted/file');
  expect(fileMessage.event.message).toMatchObject({ caption: 'Dancing cat', fileType: 'GIF' });
  await consumer.waitForMessage('Enjoy!');
});
