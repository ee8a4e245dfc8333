import { Agent, type AgentConfig, type ConversationDetails, type ExConversationChangeNotification, type GeneratedURL } from 'node-agent-sdk';
import { rest } from '../lib/rest';
import { LOGO_JPEG } from './logo';

type ConversationResult = ExConversationChangeNotification['changes'][number]['result'];

/** Where the sample uploads: a host inside LivePerson's network, written into the sample. */
export const SAMPLE_SWIFT_DOMAIN = 'https://qa-objectstorage.dev.lprnd.net';

export interface FileSharingBotOptions {
  /** `https://host` of the file store the upload goes to. Default: the sample's {@link SAMPLE_SWIFT_DOMAIN}. */
  swiftDomain?: string;
  /** The bytes uploaded. Default: {@link LOGO_JPEG}. */
  file?: Buffer;
  /** Default: console.log. */
  log?: (...args: unknown[]) => void;
}

/**
 * LivePerson's file-sharing bot, step for step: AWAY, watching every open conversation of the
 * account; joins each new one as MANAGER, then (whatever the join's answer) asks for an upload URL
 * and says `welcome from bot`; PUTs the image to the file store, publishes it as `hosted/file`
 * (caption `yay!`) and asks for a download URL, which it logs. On `closed` it reconnects.
 */
export class FileSharingBot extends Agent {
  readonly openConvs: Record<string, ConversationResult> = {};
  private _pingClock: NodeJS.Timeout | undefined;
  private readonly swiftDomain: string;
  private readonly file: Buffer;
  private readonly log: (...args: unknown[]) => void;

  constructor(conf: AgentConfig, options: FileSharingBotOptions = {}) {
    super(conf);
    this.swiftDomain = options.swiftDomain ?? SAMPLE_SWIFT_DOMAIN;
    this.file = options.file ?? LOGO_JPEG;
    this.log = options.log ?? console.log;
    this.on('connected', () => {
      this.log('connected...');
      this.setAgentState({ availability: 'AWAY' }); // nothing routed: the bot joins by itself
      this.subscribeExConversations({ convState: ['OPEN'] }); // every open conversation of the account
      this._pingClock = setInterval(this.getClock as () => void, 30000);
    });
    this.on('cqm.ExConversationChangeNotification', (body) => this.onConversationNotification(body));
    this.on('error', (err) => this.log('got an error', err));
    this.on('closed', (data) => {
      this.log('socket closed', data);
      clearInterval(this._pingClock);
      this.reconnect(); // a new token, as 4401 and 4407 need
    });
  }

  /** The sample's keep-alive interval never stopped on dispose; this port stops it. */
  override dispose(): void {
    clearInterval(this._pingClock);
    super.dispose();
  }

  private onConversationNotification(notificationBody: ExConversationChangeNotification): void {
    notificationBody.changes.forEach((change) => {
      const convId = change.result.convId;
      if (change.type === 'UPSERT') {
        if (this.openConvs[convId]) return;
        this.openConvs[convId] = change.result;
        if (getParticipantInfo(change.result.conversationDetails, this.agentId)) return;
        this.updateConversationField({ conversationId: convId, conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER' }] }, () => {
          this.shareFile(convId, 'liveperson logo');
          this.publishText(convId, 'welcome from bot');
        });
      } else if (change.type === 'DELETE') {
        delete this.openConvs[convId];
        this.log('conversation was closed.\n');
      }
    });
  }

  private publishText(convId: string, text: string): void {
    this.publishEvent({ dialogId: convId, event: { type: 'ContentEvent', contentType: 'text/plain', message: text } }, (e: unknown, r?: { sequence: number }) => {
      if (e) this.log(`e: ${e}`);
      if (r) this.log(`msg sequence: ${r.sequence}`);
    });
  }

  private publishHostedFile(convId: string, relativePath: string, caption: string): void {
    this.log('publishHostedFile');
    this.publishEvent(
      { dialogId: convId, event: { type: 'ContentEvent', contentType: 'hosted/file', message: { caption, relativePath, fileType: 'JPEG' } } },
      (e: unknown, r?: { sequence: number }) => {
        if (e) this.log(`e: ${e}`);
        if (r) this.log(`msg sequence: ${r.sequence}`);
      },
    );
    this.downloadFile(relativePath);
  }

  private shareFile(convId: string, caption: string): void {
    this.generateURLForUploadFile({ fileSize: 5020, fileType: 'JPEG' }, (e: unknown, resp?: GeneratedURL) => {
      if (e || !resp?.queryParams) this.log(`share file failed: ${e}, ${resp}`);
      // The sample reads on even after a failure (and throws there); so does the port.
      const { temp_url_sig: tempUrlSig, temp_url_expires: tempUrlExp } = (resp as GeneratedURL).queryParams;
      const relativePath = (resp as GeneratedURL).relativePath;
      this.log(`relative path: ${relativePath}`);
      this.uploadFile(convId, caption, this.swiftDomain, relativePath, `?temp_url_sig=${tempUrlSig}&temp_url_expires=${tempUrlExp}`, (err) => {
        if (err) this.publishText(convId, 'error uploading');
        else this.publishHostedFile(convId, relativePath, 'yay!');
      });
    });
  }

  /** A PUT of the image; as with the sample's `request.put`, only a failed request is an error, not a status. */
  private uploadFile(convId: string, caption: string, domain: string, relativePath: string, params: string, callback: (err?: unknown) => void): void {
    const url = `${domain}${relativePath}${params}`;
    rest(this.conf, { method: 'PUT', url, body: this.file }).then(
      (response) => {
        this.log('Successfully uploaded file', response.body.toString('utf8'));
        callback();
      },
      (err) => {
        this.log('Error uploading file', err);
        callback(err);
      },
    );
  }

  private downloadFile(relativePath: string): void {
    this.generateURLForDownloadFile({ relativePath }, (e: any, res?: GeneratedURL) => {
      if (e && e.code === 500) {
        this.log(e);
        return;
      }
      const url = res as GeneratedURL;
      this.log(`relative path: ${url.relativePath}`);
      this.log('path params: ');
      this.log(`expires: ${url.queryParams.temp_url_expires}`);
      this.log(`signature: ${url.queryParams.temp_url_sig}`);
    });
  }
}

function getParticipantInfo(convDetails: ConversationDetails, participantId: string | undefined) {
  return convDetails.participants.filter((p) => p.id === participantId)[0];
}
