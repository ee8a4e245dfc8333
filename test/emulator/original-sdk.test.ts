/**
 * Interoperability: the original JavaScript SDK (node-agent-sdk 1.2.0, devDependency
 * `original-agent-sdk`) runs against the emulator unchanged. Its own rewrites (legacy id → PID,
 * __isMe, SDE profiles) only work if the raw frames are shaped like LivePerson's.
 */
import https from 'https';
import type { Emulator } from '../../src/emulator';
import { closeAll } from './helpers';
import { emulatorForTest } from '../helpers/emulator';

type Callback = (err: unknown, body?: any) => void;
type OriginalAgent = Record<string, any> & {
  on(event: string, fn: (...args: any[]) => void): void;
  once(event: string, fn: (...args: any[]) => void): void;
  dispose(): void;
};
const { Agent } = jest.requireActual('original-agent-sdk') as { Agent: new (conf: object) => OriginalAgent };

const created: OriginalAgent[] = [];
let savedCa: unknown;

beforeEach(() => {
  savedCa = https.globalAgent.options.ca;
});

afterEach(async () => {
  created.splice(0).forEach((a) => a.dispose());
  https.globalAgent.options.ca = savedCa as string;
  await closeAll();
});

/** The original's REST client (`request`) uses the global agent; its ws client gets `ca` from the conf. */
function start(emu: Emulator): Promise<OriginalAgent> {
  https.globalAgent.options.ca = emu.ca;
  const agent = new Agent({ ...emu.agentConfig(), refreshSessionToken: false });
  created.push(agent);
  return new Promise((resolve, reject) => {
    agent.once('connected', () => resolve(agent));
    agent.once('error', reject);
  });
}

const call = (agent: OriginalAgent, method: string, body: unknown): Promise<any> =>
  new Promise((resolve, reject) => agent[method](body, ((err, resp) => (err ? reject(err) : resolve(resp))) as Callback));

const next = (agent: OriginalAgent, event: string, accept: (body: any) => boolean = () => true): Promise<any> =>
  new Promise((resolve) => {
    const listener = (body: any) => {
      if (accept(body)) {
        agent.removeListener(event, listener);
        resolve(body);
      }
    };
    agent.on(event, listener);
  });

test('the original SDK logs in, accepts a ring, chats, reads a profile and sees the close', async () => {
  const emu = await emulatorForTest();
  const agent = await start(emu);
  const bot = emu.agent();
  expect(agent.agentId).toBe(bot.userPid);
  expect(agent.__oldAgentId).toBe(bot.oldAgentId);

  await call(agent, 'setAgentState', { availability: 'ONLINE' });
  await call(agent, 'subscribeRoutingTasks', {});
  await call(agent, 'subscribeExConversations', { convState: ['OPEN'], agentIds: [agent.agentId] });

  const consumer = emu.consumer({ profile: { firstName: 'Michael', lastName: 'Bolton', privateData: { email: 'm@b.com' } } });
  const ringSeen = next(agent, 'routing.RoutingTaskNotification', (b) => b.changes.length > 0);
  const convId = await consumer.startConversation();
  const ring = (await ringSeen).changes[0].result;
  expect(ring.ringsDetails[0]).not.toHaveProperty('brandId'); // the original's rewrite ran
  const joined = next(agent, 'cqm.ExConversationChangeNotification', (b) => b.changes.length > 0);
  expect(await call(agent, 'updateRingState', { ringId: ring.ringsDetails[0].ringId, ringState: 'ACCEPTED' })).toBe(
    'Ring state updated successfully',
  );
  const details = (await joined).changes[0].result.conversationDetails;
  expect(details.participants).toEqual([
    { id: consumer.consumerId, role: 'CONSUMER' },
    { id: bot.userPid, role: 'ASSIGNED_AGENT' },
  ]);
  expect(details.getMyRole()).toBe('ASSIGNED_AGENT');

  const heard = next(agent, 'ms.MessagingEventNotification', (b) => b.changes[0].event.message === 'hi');
  await consumer.send('hi');
  const incoming = (await heard).changes[0];
  expect(incoming).toMatchObject({ __isMe: false, originatorId: consumer.consumerId, dialogId: convId });

  const echo = next(agent, 'ms.MessagingEventNotification', (b) => b.changes[0].event.message === 'hello');
  expect(await call(agent, 'publishEvent', { dialogId: convId, event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hello' } })).toEqual({
    sequence: 1,
  });
  expect((await echo).changes[0]).toMatchObject({ __isMe: true, originatorId: bot.userPid });
  await consumer.waitForMessage('hello');

  const history = next(agent, 'ms.MessagingEventNotification', (b) => b.changes.length === 2);
  await call(agent, 'subscribeMessagingEvents', { dialogId: convId });
  expect((await history).changes.map((c: any) => [c.sequence, c.__isMe])).toEqual([[0, false], [1, true]]);

  expect(await call(agent, 'getUserProfile', consumer.consumerId)).toEqual([
    { type: 'personal', personal: { firstname: 'Michael', lastname: 'Bolton', contacts: [{ email: 'm@b.com' }] } },
  ]);

  const gone = next(agent, 'cqm.ExConversationChangeNotification', (b) => b.changes[0]?.type === 'DELETE');
  await consumer.close();
  expect((await gone).changes[0].result.conversationDetails.participants).toHaveLength(2);
});
