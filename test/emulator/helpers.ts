import https from 'https';
import fetch, { type RequestInit, type Response } from 'node-fetch';
import WebSocket from 'ws';
import { randomUUID } from 'crypto';
import type { ConsumerOptions, Emulator } from '../../src/emulator';
import { cleanUp } from '../helpers/emulator';

export type Frame = Record<string, any>;

/** The notification types the tests read most. */
export const EXCONV = '.ams.aam.ExConversationChangeNotification';
export const ROUTING = '.ams.routing.RoutingTaskNotification';
export const EVENT = '.ams.ms.OnlineEventDistribution';

/** A plain text ContentEvent. */
export const text = (message: string) => ({ type: 'ContentEvent', contentType: 'text/plain', message });

/** Generous failure deadline: nothing here depends on speed, only on this being reached on a hang. */
const WAIT_MS = 5000;

/** The shared emulator clean-up (helpers/emulator), after the raw clients these tests open. Wire it in afterEach. */
export async function closeAll(): Promise<void> {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await cleanUp();
  agents.splice(0).forEach((a) => a.destroy());
}

const agents: https.Agent[] = [];

export function call(emu: Emulator, path: string, init: RequestInit = {}): Promise<Response> {
  const agent = new https.Agent({ ca: emu.ca, keepAlive: false });
  agents.push(agent);
  return fetch(`${emu.url}${path}`, { agent, ...init });
}

export const post = (emu: Emulator, path: string, body: unknown, headers: Record<string, string> = {}) =>
  call(emu, path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', ...headers } });

export interface LoginResult {
  bearer: string;
  csrf: string;
  cookie: string;
  userId: string;
  userPid: string;
  body: Frame;
}

export async function login(emu: Emulator, body: Frame = { username: 'bot', password: 'secret' }): Promise<LoginResult> {
  const res = await post(emu, `/api/account/${emu.accountId}/login?v=1.3`, body);
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`);
  const json = (await res.json()) as Frame;
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0];
  return { bearer: json.bearer, csrf: json.csrf, cookie, userId: json.config.userId, userPid: json.config.userPid, body: json };
}

export const wsUrl = (emu: Emulator, bearer: string, accountId = emu.accountId, v = '2.1') =>
  `wss://${emu.host}/ws_api/account/${accountId}/messaging/brand/${bearer}?v=${v}`;

const clients: UmsClient[] = [];

/** A raw UMS client: sends request frames and collects every frame it receives. */
export class UmsClient {
  readonly frames: Frame[] = [];
  closeCode?: number;
  private readonly listeners = new Set<() => void>();
  private readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()));
      this.listeners.forEach((l) => l());
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code;
        resolve(code);
        this.listeners.forEach((l) => l());
      }),
    );
    ws.on('error', () => undefined);
  }

  static async connect(emu: Emulator, bearer: string, v = '2.1'): Promise<UmsClient> {
    const ws = new WebSocket(wsUrl(emu, bearer, emu.accountId, v), { ca: emu.ca });
    const client = new UmsClient(ws);
    clients.push(client);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Logs in as the agent and connects. */
  static async as(emu: Emulator, username = 'bot', password = 'secret'): Promise<UmsClient & { login: LoginResult }> {
    const result = await login(emu, { username, password });
    const client = await UmsClient.connect(emu, result.bearer);
    return Object.assign(client, { login: result });
  }

  send(type: string, body?: unknown, extra: Frame = {}): string {
    const id = randomUUID();
    this.ws.send(JSON.stringify({ kind: 'req', id, type, body, ...extra }));
    return id;
  }

  /** Sends and waits for the response frame. */
  async request(type: string, body?: unknown, extra: Frame = {}): Promise<Frame> {
    const id = this.send(type, body, extra);
    return this.waitFor((f) => f.kind === 'resp' && f.reqId === id);
  }

  /** Resolves with the first frame (already received or future) that matches. */
  waitFor(predicate: (f: Frame) => boolean, timeout = WAIT_MS): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(predicate);
        if (found) {
          finish();
          resolve(found);
        } else if (this.closeCode !== undefined) {
          finish();
          reject(new Error(`socket closed (${this.closeCode}) before the frame arrived`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no matching frame within ${timeout} ms; got ${JSON.stringify(this.frames.map((f) => f.type))}`));
      }, timeout);
      const finish = () => {
        clearTimeout(timer);
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Notifications of a type, in arrival order. */
  notifications(type: string): Frame[] {
    return this.frames.filter((f) => f.kind === 'notification' && f.type === type);
  }

  /** The `changes` of every notification of a type (of one subscription, when given), in order. */
  changes(type: string, subscriptionId?: string): Frame[] {
    return this.notifications(type)
      .filter((n) => subscriptionId === undefined || n.body.subscriptionId === subscriptionId)
      .flatMap((n) => n.body.changes);
  }

  /**
   * A barrier: the server handles frames in order and answers synchronously, so once a GetClock
   * is answered every notification caused by earlier actions has arrived.
   */
  async sync(): Promise<void> {
    await this.request('.GetClock', {});
  }

  /** Index of a frame, to assert ordering. */
  indexOf(predicate: (f: Frame) => boolean): number {
    return this.frames.findIndex(predicate);
  }

  waitClose(): Promise<number> {
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.terminate();
    await this.closed;
  }
}

/** Logs in, connects, goes ONLINE and subscribes to routing tasks and to its own conversations. */
export async function readyBot(emu: Emulator, username = 'bot', password = 'secret') {
  const bot = await UmsClient.as(emu, username, password);
  const oldAgentId = `${emu.accountId}.${bot.login.userId}`;
  await bot.request('.ams.routing.SetAgentState', { availability: 'ONLINE', channels: ['MESSAGING'], agentUserId: oldAgentId });
  await bot.request('.ams.routing.SubscribeRoutingTasks', { channelType: 'MESSAGING', agentId: oldAgentId, brandId: emu.accountId });
  await bot.sync();
  return Object.assign(bot, { oldAgentId });
}

/** A conversation a new consumer opens and `bot` accepts. */
export async function acceptedConversation(emu: Emulator, bot: UmsClient, options?: ConsumerOptions) {
  const consumer = emu.consumer(options);
  const convId = await consumer.startConversation();
  await acceptRing(bot, convId);
  return { consumer, convId };
}

/** Waits for a WAITING ring of the conversation and accepts it. */
export async function acceptRing(bot: UmsClient, conversationId: string): Promise<Frame> {
  const ring = await bot.waitFor(
    (f) =>
      f.type === '.ams.routing.RoutingTaskNotification' &&
      f.body.changes.some((c: Frame) => c.result.conversationId === conversationId && c.result.ringsDetails[0]?.ringState === 'WAITING'),
  );
  const ringId = ring.body.changes[0].result.ringsDetails[0].ringId;
  return bot.request('.ams.routing.UpdateRingState', { ringId, ringState: 'ACCEPTED' });
}
