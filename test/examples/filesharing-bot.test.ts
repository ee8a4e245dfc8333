import { FileSharingBot } from '../../examples/filesharing-bot/filesharing-bot';
import { LOGO_JPEG } from '../../examples/filesharing-bot/logo';
import { rest } from '../../examples/lib/rest';
import { until } from '../helpers/wait';
import { logCalls, recordFrames, steps, texts } from './helpers';
import { cleanUp, emulatorForTest, track } from '../helpers/emulator';

afterEach(cleanUp);

test('as the original: joins as MANAGER, asks for an upload URL and says "welcome from bot", uploads, publishes the hosted file, asks for a download URL', async () => {
  const emulator = await emulatorForTest();
  const log = logCalls();
  const bot = track(new FileSharingBot(emulator.agentConfig(), { swiftDomain: emulator.url, log }));
  const frames = recordFrames(bot);
  const consumer = emulator.consumer();
  const convId = await consumer.startConversation();

  await consumer.waitForMessage('welcome from bot');
  const fileMessage = await consumer.waitForMessage((r) => r.event.contentType === 'hosted/file');
  const relativePath = (fileMessage.event.message as { relativePath: string }).relativePath;
  expect(fileMessage.event).toEqual({
    type: 'ContentEvent',
    contentType: 'hosted/file',
    message: { caption: 'yay!', relativePath: expect.stringMatching(/^\/v1\/AUTH_async-images\/12345678\/[0-9a-f-]+\.JPEG$/), fileType: 'JPEG' },
  });
  expect(fileMessage.originatorMetadata.role).toBe('MANAGER');
  expect(texts(consumer.messages)).toEqual(['welcome from bot', fileMessage.event.message]);
  await until(() => log.calls.some((c) => String(c[0]).startsWith('signature: ')));

  const me = emulator.agent().oldAgentId;
  expect(steps(frames)).toEqual([
    ['.ams.routing.SetAgentState', { agentUserId: me, availability: 'AWAY', channels: ['MESSAGING'] }],
    ['.ams.aam.SubscribeExConversations', { convState: ['OPEN'] }],
    ['.ams.cm.UpdateConversationField', { conversationId: convId, conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER', userId: me }] }],
    ['.ams.ms.GenerateURLForUploadFile', { fileSize: 5020, fileType: 'JPEG' }],
    ['.ams.ms.PublishEvent', { dialogId: convId, event: { type: 'ContentEvent', contentType: 'text/plain', message: 'welcome from bot' } }],
    ['.ams.ms.PublishEvent', { dialogId: convId, event: fileMessage.event }],
    ['.ams.ms.GenerateURLForDownloadFile', { relativePath }],
  ]);
  // The upload reached the file store: a signed GET serves the same bytes.
  const url = await bot.promises.generateURLForDownloadFile({ relativePath });
  const download = await rest(emulator.agentConfig(), {
    method: 'GET',
    url: `${emulator.url}${relativePath}?temp_url_sig=${url.queryParams.temp_url_sig}&temp_url_expires=${url.queryParams.temp_url_expires}`,
  });
  expect(download.status).toBe(200);
  expect(download.body.equals(LOGO_JPEG)).toBe(true);
  expect(log.calls).toContainEqual([`relative path: ${relativePath}`]);
});

test('an upload that cannot reach the file store publishes "error uploading" instead of the file', async () => {
  const emulator = await emulatorForTest();
  const log = logCalls();
  const bot = track(new FileSharingBot(emulator.agentConfig(), { swiftDomain: 'https://127.0.0.1:1', log }));
  const frames = recordFrames(bot);
  const consumer = emulator.consumer();
  await consumer.startConversation();
  await consumer.waitForMessage('error uploading');
  expect(texts(consumer.messages)).toEqual(['welcome from bot', 'error uploading']);
  expect(log.calls.some((c) => c[0] === 'Error uploading file')).toBe(true);
  expect(frames.some((f) => f.type === '.ams.ms.GenerateURLForDownloadFile')).toBe(false);
});
