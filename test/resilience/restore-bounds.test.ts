import { Agent } from 'node-agent-sdk';
import { nextEvent, pause } from '../helpers/events';
import { FakeLP, defaultResponder } from '../helpers/fake-lp';
import { FAST_RETRY } from '../helpers/resilience';
import { Agents, sync, until } from '../helpers/wait';

const SETTLE = 300;

/** A raw ExConversationChangeNotification of one conversation with the given dialogs. */
function conversation(convId: string, state: 'OPEN' | 'CLOSE', dialogs: Array<[string, 'OPEN' | 'CLOSE']>): any {
  return {
    subscriptionId: 'ex-1',
    changes: [
      {
        type: 'UPSERT',
        result: {
          convId,
          conversationDetails: {
            participants: {},
            participantsPId: {},
            dialogs: dialogs.map(([dialogId, dialogState]) => ({ dialogId, dialogType: 'MAIN', channelType: 'MESSAGING', state: dialogState, participantsDetails: [] })),
            state,
          },
        },
      },
    ],
  };
}

describe('what auto-reconnect remembers stays bounded', () => {
  let lp: FakeLP;
  const agents = new Agents();

  beforeEach(async () => {
    lp = await FakeLP.start();
  });
  afterEach(async () => {
    agents.disposeAll();
    await lp.close();
  });

  async function followingAgent(dialogIds: string[]): Promise<Agent> {
    const agent = agents.track(new Agent(lp.config({ refreshSessionToken: false, autoReconnect: FAST_RETRY })));
    agent.on('error', () => undefined);
    await nextEvent(agent, 'connected');
    await Promise.all(dialogIds.map((dialogId) => agent.promises.subscribeMessagingEvents({ dialogId })));
    return agent;
  }

  const queriesSince = (start: number) => lp.frames.slice(start).filter((f) => f.type === '.ams.ms.QueryMessages').map((f) => f.body.dialogId);

  it('forgets the dialogs of a conversation that closed, and a dialog that closed alone', async () => {
    const agent = await followingAgent(['d1', 'd2', 's2', 'd3']);
    lp.notify('.ams.aam.ExConversationChangeNotification', conversation('d1', 'CLOSE', [['d1', 'CLOSE']]));
    // The MAIN dialog closed and a survey dialog opened: only the survey stays followed.
    lp.notify('.ams.aam.ExConversationChangeNotification', conversation('d2', 'OPEN', [['d2', 'CLOSE'], ['s2', 'OPEN']]));
    lp.notify('.ams.aam.ExConversationChangeNotification', conversation('d3', 'OPEN', [['d3', 'OPEN']]));
    await sync(lp, agent);
    const start = lp.frames.length;
    const reconnected = nextEvent(agent, 'reconnected');
    lp.socket.close(4000);
    await reconnected;
    await until(() => queriesSince(start).length === 2);
    await pause(SETTLE);
    expect(queriesSince(start)).toEqual(['s2', 'd3']);
  });

  it('a query that failed is not remembered', async () => {
    const agent = await followingAgent(['d1']);
    lp.responder = (frame) => (frame.type === '.ams.ms.QueryMessages' ? { code: 404, type: '.ReqBody$StringResp', body: 'Conversation not found' } : defaultResponder(frame));
    await agent.promises.subscribeMessagingEvents({ dialogId: 'gone' }).catch(() => undefined);
    lp.responder = defaultResponder;
    const start = lp.frames.length;
    const reconnected = nextEvent(agent, 'reconnected');
    lp.socket.close(4000);
    await reconnected;
    await until(() => queriesSince(start).length === 1);
    await pause(SETTLE);
    expect(queriesSince(start)).toEqual(['d1']);
  });

  it('sends the restore requests at most 20 at a time', async () => {
    const dialogIds = Array.from({ length: 45 }, (_, i) => `d${i}`);
    const agent = await followingAgent(dialogIds);
    // The service is slow to answer queries after the reconnect.
    lp.responder = (frame) => (frame.type === '.ams.ms.QueryMessages' ? undefined : defaultResponder(frame));
    const start = lp.frames.length;
    const reconnected = nextEvent(agent, 'reconnected');
    lp.socket.close(4000);
    await reconnected;
    await until(() => queriesSince(start).length === 20);
    await pause(SETTLE);
    expect(queriesSince(start)).toEqual(dialogIds.slice(0, 20));
    expect(agent.pendingRequestCount).toBe(20);

    const answer = (dialogId: string) => lp.reply(lp.frames.find((f, i) => i >= start && f.body.dialogId === dialogId), [], 200, '.ams.ms.QueryMessages$Response');
    answer('d3');
    await until(() => queriesSince(start).length === 21);
    expect(queriesSince(start)[20]).toBe('d20');
    for (const dialogId of queriesSince(start)) if (dialogId !== 'd3') answer(dialogId);
    await until(() => queriesSince(start).length === 41);
    for (const dialogId of queriesSince(start).slice(21)) answer(dialogId);
    await until(() => queriesSince(start).length === 45);
    expect(queriesSince(start)).toEqual(dialogIds);
  });
});
