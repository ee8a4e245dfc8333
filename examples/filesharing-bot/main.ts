/**
 * The file-sharing bot: joins each new conversation as a manager and shares an image through
 * LivePerson's file store (upload URL → PUT → hosted/file message → download URL). With
 * LP_ACCOUNT, LP_USER and LP_PASS set it runs against that LivePerson account; otherwise against
 * the emulator, where a consumer opens a conversation, receives the image, and the script reads
 * the file back through the download URL.
 */
import { SHARED, type SharedInfo, startFileSharingBot } from './filesharing-bot';
import { LOGO_PNG } from './logo';
import { rest } from '../lib/rest';
import { connected, runSample } from '../lib/run';

runSample({
  title: 'File-sharing bot',
  start: (config) => startFileSharingBot(config),
  script: async (emulator, bot, config) => {
    await connected(bot);
    const shared = new Promise<SharedInfo>((resolve) => bot.once(SHARED, resolve));
    const consumer = emulator.consumer();
    await consumer.startConversation();
    await consumer.waitForMessage((record) => record.event.contentType === 'hosted/file');
    const { downloadUrl } = await shared;
    const file = await rest(config, { method: 'GET', url: downloadUrl });
    console.log(`[script] downloaded ${file.body.length} bytes, ${file.body.equals(LOGO_PNG) ? 'the same as uploaded' : 'NOT what was uploaded'}`);
    await consumer.close();
  },
});
