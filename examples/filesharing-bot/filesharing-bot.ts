import { Agent, type AgentConfig, type GeneratedURL } from 'node-agent-sdk';
import { reason, rest, serviceDomain } from '../lib/rest';
import { LOGO_PNG } from './logo';

export interface SharedFile {
  content: Buffer;
  /** LivePerson accepts JPG, JPEG, PNG and GIF images. */
  fileType: 'PNG' | 'JPG' | 'JPEG' | 'GIF';
  caption: string;
}

export interface FileSharingBotOptions {
  file?: SharedFile;
  /** Said after the file. */
  message?: string;
  log?: (line: string) => void;
}

/** `(info: SharedInfo)`, after a file was shared and its download URL checked. */
export const SHARED = 'FileSharingBot.Shared';

export interface SharedInfo {
  conversationId: string;
  relativePath: string;
  /** A signed, short-lived URL to read the file back (what a download link would use). */
  downloadUrl: string;
}

export const DEFAULT_MESSAGE = 'That is our logo. Welcome!';

/** `https://{swift}{relativePath}?temp_url_sig=…&temp_url_expires=…` */
const signedUrl = (swift: string, url: GeneratedURL) =>
  `https://${swift}${url.relativePath}?temp_url_sig=${url.queryParams.temp_url_sig}&temp_url_expires=${url.queryParams.temp_url_expires}`;

/**
 * Joins every new conversation of the account as MANAGER and shares a file: asks for an upload
 * URL, PUTs the bytes to the `swift` file store, publishes a `hosted/file` message pointing at
 * them, then asks for a download URL to check the file is there, and says a line.
 * The account needs the agent file sharing feature, the user the permission to send files.
 */
export function startFileSharingBot(config: AgentConfig, options: FileSharingBotOptions = {}): Agent {
  const log = options.log ?? ((line: string) => console.log(line));
  const file = options.file ?? { content: LOGO_PNG, fileType: 'PNG', caption: 'Our logo' };
  const agent = new Agent(config);
  const seen = new Set<string>();

  agent.on('connected', async () => {
    try {
      await agent.promises.setAgentState({ availability: 'AWAY' }); // joins by itself, takes no rings
      await agent.promises.subscribeExConversations({ convState: ['OPEN'] });
      log('[filesharing-bot] watching the open conversations of the account');
    } catch (err) {
      log(`[filesharing-bot] set-up failed: ${reason(err)}`);
    }
  });

  agent.on('cqm.ExConversationChangeNotification', (body) => {
    for (const change of body.changes) {
      const convId = change.result.convId;
      if (change.type === 'DELETE') seen.delete(convId);
      else if (!seen.has(convId)) {
        seen.add(convId);
        if (!change.result.conversationDetails.participants.some((p) => p.id === agent.agentId)) void share(convId);
      }
    }
  });

  async function share(conversationId: string): Promise<void> {
    try {
      await agent.promises.updateConversationField({ conversationId, conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER' }] });
      const swift = await serviceDomain(config, 'swift');
      const upload = await agent.promises.generateURLForUploadFile({ fileSize: file.content.length, fileType: file.fileType });
      const put = await rest(config, { method: 'PUT', url: signedUrl(swift, upload), body: file.content });
      if (put.status !== 201) throw new Error(`the file store answered ${put.status} to the upload`);
      const message = { caption: file.caption, relativePath: upload.relativePath, fileType: file.fileType };
      await agent.promises.publishEvent({ dialogId: conversationId, event: { type: 'ContentEvent', contentType: 'hosted/file', message } });
      const download = await agent.promises.generateURLForDownloadFile({ relativePath: upload.relativePath });
      const info: SharedInfo = { conversationId, relativePath: upload.relativePath, downloadUrl: signedUrl(swift, download) };
      log(`[filesharing-bot] shared ${upload.relativePath} in ${conversationId}`);
      await agent.promises.publishEvent({
        dialogId: conversationId,
        event: { type: 'ContentEvent', contentType: 'text/plain', message: options.message ?? DEFAULT_MESSAGE },
      });
      agent.emit(SHARED, info);
    } catch (err) {
      log(`[filesharing-bot] could not share the file in ${conversationId}: ${reason(err)}`);
    }
  }

  agent.on('error', (err, context) => log(`[filesharing-bot] error${context ? ` at ${context.location}` : ''}: ${reason(err)}`));
  return agent;
}
