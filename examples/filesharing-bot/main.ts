/**
 * The file-sharing bot (LivePerson's filesharing sample): joins each new conversation as a
 * manager, says `welcome from bot` and shares an image through the file store (upload URL → PUT
 * → hosted/file message → download URL). With LP_ACCOUNT, LP_USER and LP_PASS set it runs against
 * that LivePerson account, uploading to LP_SWIFT (`https://host`; default: the host written in
 * the sample, reachable only inside LivePerson); otherwise against the emulator, where a consumer
 * opens a conversation, receives the image, and the script reads the file back.
 */
import { FileSharingBot } from './filesharing-bot';
import { LOGO_JPEG } from './logo';
import { rest } from '../lib/rest';
import { connected, runSample } from '../lib/run';

runSample({
  title: 'File-sharing bot',
  plainConfig: true,
  start: (config, emulator) => new FileSharingBot(config, { swiftDomain: emulator ? emulator.url : process.env.LP_SWIFT }),
  script: async (emulator, bot, config) => {
    await connected(bot);
    const consumer = emulator.consumer();
    await consumer.startConversation();
    await consumer.waitForMessage('welcome from bot');
    const file = await consumer.waitForMessage((record) => record.event.contentType === 'hosted/file');
    const { relativePath } = file.event.message as { relativePath: string };
    // What a consumer's window does with a hosted file: a signed download URL, then a GET.
    const url = await bot.promises.generateURLForDownloadFile({ relativePath });
    const download = await rest(config, { method: 'GET', url: `${emulator.url}${relativePath}?temp_url_sig=${url.queryParams.temp_url_sig}&temp_url_expires=${url.queryParams.temp_url_expires}` });
    console.log(`[script] downloaded ${download.body.length} bytes, ${download.body.equals(LOGO_JPEG) ? 'the same as uploaded' : 'NOT what was uploaded'}`);
    await consumer.close();
  },
});
