import type { Duplex } from 'stream';
import { Agent } from 'node-agent-sdk';
import { ACCOUNT, BEARER } from '../helpers/fake-lp';
import { fakeLPSuite } from '../helpers/suite';
import { EventLog, deferred, serverClosed } from '../helpers/events';

/**
 * What a bot sees when the agent replaces or drops its socket, path by path, as the original
 * emitted it: a socket cut to make room for a new one reports `closed` (1006) once, before the
 * new socket's `connected`; a socket the service closes reports its code; a disposed agent
 * reports nothing, not even later.
 */

const ALL_EVENTS = ['success', 'error', 'connected', 'closed', 'notification', 'warn', 'reconnecting', 'reconnected'];
const wsPath = (token: string) => `/ws_api/account/${ACCOUNT}/messaging/brand/${token}?v=2.1`;

const suite = fakeLPSuite();
const { agents, connected } = suite;
const heldSockets: Duplex[] = [];
afterEach(() => {
  for (const socket of heldSockets.splice(0)) socket.destroy();
});

/** Keeps the server from answering the next websocket upgrade; resolves when it came. */
function holdNextUpgrade(): Promise<void> {
  const upgraded = deferred();
  const server = suite.lp.server;
  const listeners = server.listeners('upgrade') as Array<(...args: any[]) => void>;
  server.removeAllListeners('upgrade');
  server.once('upgrade', (_req, socket: Duplex) => {
    heldSockets.push(socket);
    for (const listener of listeners) server.on('upgrade', listener);
    upgraded.resolve();
  });
  return upgraded.promise;
}

describe('the closed event when the socket is replaced or dropped', () => {
  it('refreshSession answered 401: relogin, closed 1006 for the old socket, then connected', async () => {
    suite.lp.routes.refresh = () => ({ status: 401, statusText: 'Unauthorized' });
    const { agent, log } = await connected();
    await new Promise((resolve) => agent.refreshSession(resolve));
    await log.waitFor('connected');
    expect(log.lines).toEqual(['success RefreshSession#Precheck', 'success RefreshSession#CSDS', 'success RefreshSession#Relogin#WS', 'closed 1006', 'connected']);
    expect(suite.lp.upgrades).toEqual([wsPath(BEARER), wsPath(`${BEARER}-2`)]);
  });

  it('reconnect(): Reconnect#CSDS, Reconnect#Relogin#WS, closed 1006, connected', async () => {
    const { agent, log } = await connected();
    agent.reconnect();
    await log.waitFor('connected');
    expect(log.lines).toEqual(['success Reconnect#CSDS', 'success Reconnect#Relogin#WS', 'closed 1006', 'connected']);
  });

  it('reconnect(true): closed 1006, connected', async () => {
    const { agent, log } = await connected();
    const oldSocket = suite.lp.socket;
    agent.reconnect(true);
    await log.waitFor('connected');
    await serverClosed(oldSocket);
    expect(log.lines).toEqual(['closed 1006', 'connected']);
  });

  it('reconnect(true) while the socket is still opening: closed 1006 once, no error from the aborted handshake', async () => {
    const { agent, log } = await connected();
    const held = holdNextUpgrade();
    agent.reconnect(true);
    await held;
    const all = new EventLog(agent, ALL_EVENTS);
    agent.reconnect(true);
    await log.waitFor('connected');
    expect(all.lines).toEqual(['closed 1006', 'connected']);
    expect(log.lines).toEqual(['closed 1006', 'closed 1006', 'connected']);
  });

  it('the service closes with 4401: closed 4401 and nothing more; a reconnect() then emits no closed for it', async () => {
    const { agent, log } = await connected();
    suite.lp.socket.close(4401);
    await log.waitFor('closed');
    expect(log.lines).toEqual(['closed 4401']);
    agent.reconnect();
    await log.waitFor('connected');
    expect(log.lines).toEqual(['closed 4401', 'success Reconnect#CSDS', 'success Reconnect#Relogin#WS', 'connected']);
  });

  it('dispose(): no closed, neither to listeners it removed nor to listeners added after it', async () => {
    const { agent, log } = await connected();
    const socket = suite.lp.socket;
    agent.dispose();
    const after = new EventLog(agent, ALL_EVENTS);
    await serverClosed(socket);
    expect(log.lines).toEqual([]);
    expect(after.entries).toEqual([]);
  });

  it('dispose() right after a replacement: the cut socket does not report its close afterwards', async () => {
    const { agent, log } = await connected();
    const oldSocket = suite.lp.socket;
    agent.reconnect(true);
    agent.dispose();
    const after = new EventLog(agent, ALL_EVENTS);
    await serverClosed(oldSocket);
    // The original removed the listeners but its old socket still emitted into the agent; ours stays silent.
    expect(log.lines).toEqual([]);
    expect(after.entries).toEqual([]);
  });

  it('with autoReconnect, a replaced socket is not an unexpected close: no reconnecting', async () => {
    const { agent, log } = await connected({ autoReconnect: { initialDelay: 10 } });
    const retries = new EventLog(agent, ['reconnecting']);
    agent.reconnect(true);
    await log.waitFor('connected');
    expect(log.lines).toEqual(['closed 1006', 'connected']);
    expect(retries.entries).toEqual([]);
    expect(suite.lp.upgrades).toHaveLength(2);
  });
});

describe('promises while a socket is replaced', () => {
  it('promises.connect() right after reconnect(true) resolves when the new socket opens, despite the old one\'s closed', async () => {
    const { agent, log } = await connected();
    agent.reconnect(true);
    await expect(agent.promises.connect()).resolves.toBeUndefined();
    expect(log.lines).toEqual(['closed 1006', 'connected']);
    expect(agent.connected).toBe(true);
  });
});

describe('agent.transport', () => {
  it('is null after dispose(), as in the original', () => {
    const agent = new Agent(suite.lp.config({ refreshSessionToken: false }));
    agents.track(agent);
    const view = agent as unknown as { transport: unknown };
    expect(view.transport).toBeUndefined();
    agent.dispose();
    expect(view.transport).toBeNull();
  });
});
