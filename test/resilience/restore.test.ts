import { Agent, ResponseError } from 'node-agent-sdk';
import { nextEvent, pause } from '../helpers/events';
import { type FakeLP, ACCOUNT, USER_ID, USER_PID, defaultResponder } from '../helpers/fake-lp';
import { FAST_RETRY, callback } from '../helpers/resilience';
import { until } from '../helpers/wait';
import { fakeLPSuite } from '../helpers/suite';

const OLD_ID = `${ACCOUNT}.${USER_ID}`;
const CONSUMER_PID = 'c0nsumer-0000-4000-8000-000000000001';
const SETTLE = 300;

/** An `.ams.ms.OnlineEventDistribution` body as UMS sends it, for dialog d1. */
function umsEvent(sequence: number): any {
  return {
    sequence,
    originatorId: `${ACCOUNT}.consumer1`,
    originatorPId: CONSUMER_PID,
    originatorMetadata: { id: CONSUMER_PID, role: 'CONSUMER' },
    serverTimestamp: 1700000000000 + sequence,
    event: { type: 'ContentEvent', message: `m${sequence}`, contentType: 'text/plain' },
    conversationId: 'd1',
    dialogId: 'd1',
  };
}

/** The same event after the SDK's rewrite. */
function sdkEvent(sequence: number): any {
  const { originatorPId, ...event } = umsEvent(sequence);
  return { ...event, originatorId: originatorPId, __isMe: false, isMe: expect.any(Function) };
}

/** A request frame as the agent sends it (any uuid). */
const req = (type: string, body: unknown) => ({ kind: 'req', id: expect.any(String), type, body });

const RESTORED = [
  req('.ams.routing.SetAgentState', { availability: 'ONLINE', channels: ['MESSAGING'], agentUserId: OLD_ID }),
  req('.ams.routing.SubscribeRoutingTasks', { channelType: 'MESSAGING', agentId: OLD_ID, brandId: ACCOUNT }),
  req('.ams.routing.SubscribeAgentsState', { brandId: ACCOUNT, agentId: OLD_ID }),
  req('.ams.aam.SubscribeExConversations', { convState: ['OPEN'], agentIds: [OLD_ID] }),
];

describe('restore after auto-reconnect', () => {
  let lp: FakeLP;
  const suite = fakeLPSuite();
  const { agents } = suite;
  /** What the server answers to the QueryMessages of d1 (the events it has after `newerThanSequence`). */
  let published: any[];
  let subscriptions: number;

  beforeEach(async () => {
    lp = suite.lp;
    published = [];
    subscriptions = 0;
    lp.responder = (frame) => {
      if (frame.type === '.ams.aam.SubscribeExConversations') return { body: { subscriptionId: `ex-${++subscriptions}` } };
      if (frame.type === '.ams.ms.QueryMessages') {
        return { body: published.filter((e) => e.dialogId === frame.body.dialogId && e.sequence >= frame.body.newerThanSequence) };
      }
      return defaultResponder(frame);
    };
  });

  /** Connects and sets up what a typical bot sets up, then sees events 0..4 of dialog d1. */
  async function botWithSession(extra: Record<string, unknown>) {
    const agent = agents.track(new Agent(lp.config(extra)));
    const errors: any[] = [];
    agent.on('error', (err, context) => errors.push([err, context]));
    const sequences: number[] = [];
    const messaging: any[] = [];
    agent.on('ms.MessagingEventNotification', (body) => {
      messaging.push(body);
      for (const change of body.changes) sequences.push(change.sequence as number);
    });
    await nextEvent(agent, 'connected');
    const p = agent.promises;
    expect(await p.setAgentState({ availability: 'ONLINE' })).toBe('ok');
    expect(await p.subscribeRoutingTasks({})).toEqual({ subscriptionId: 'sub-1' });
    expect(await p.subscribeAgentsState({})).toEqual({ subscriptionId: 'sub-1' });
    expect(await p.subscribeExConversations({ convState: ['OPEN'], agentIds: [agent.agentId as string] })).toEqual({ subscriptionId: 'ex-1' });
    // With callbacks, as an original bot would.
    expect(await callback((cb) => agent.subscribeExConversations({ convState: ['CLOSE'] }, cb))).toEqual([null, { subscriptionId: 'ex-2' }]);
    expect(await callback((cb) => agent.unsubscribeExConversations({ subscriptionId: 'ex-2' }, cb))).toEqual([null, { subscriptionId: 'sub-1' }]);
    expect(await callback((cb) => agent.subscribeMessagingEvents({ dialogId: 'd1' }, cb))).toEqual([null, undefined]);
    for (let sequence = 0; sequence < 5; sequence++) {
      published.push(umsEvent(sequence));
      lp.notify('.ams.ms.OnlineEventDistribution', umsEvent(sequence));
    }
    await until(() => sequences.length === 5); // events 0..4
    expect(lp.frames).toHaveLength(7);
    return { agent, errors, sequences, messaging };
  }

  it('replays the subscriptions, the agent state and the dialog from the next sequence; nothing is lost', async () => {
    const { agent, errors, sequences, messaging } = await botWithSession({ autoReconnect: FAST_RETRY });
    expect(agent.agentId).toBe(USER_PID);
    const reconnected = nextEvent(agent, 'reconnected');
    lp.socket.close(4000);
    // Published while the agent was away.
    published.push(umsEvent(5), umsEvent(6));
    expect(await reconnected).toEqual({ attempts: 1 });
    await until(() => sequences.length === 7); // events 5 and 6

    expect(lp.frames.slice(7)).toEqual([...RESTORED, req('.ams.ms.QueryMessages', { dialogId: 'd1', fromSeq: 5, newerThanSequence: 5 })]);
    expect(sequences).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(messaging.slice(5)).toEqual([{ dialogId: 'd1', changes: [sdkEvent(5), sdkEvent(6)] }]);
    expect(messaging[0]).toEqual({ dialogId: 'd1', changes: [sdkEvent(0)] });
    expect(errors).toEqual([]);

    // A second outage replays the same again, under the new subscription id, from sequence 7.
    const again = nextEvent(agent, 'reconnected');
    lp.socket.terminate();
    await again;
    await until(() => lp.frames.length === 17); // the second replay
    expect(lp.frames.slice(12)).toEqual([...RESTORED, req('.ams.ms.QueryMessages', { dialogId: 'd1', fromSeq: 7, newerThanSequence: 7 })]);
    expect(subscriptions).toBe(4);
    expect(sequences).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('replays on the socket opened with a new token after a 4401, with the bodies rewritten for the agent', async () => {
    const { agent } = await botWithSession({ autoReconnect: FAST_RETRY });
    const reconnected = nextEvent(agent, 'reconnected');
    lp.socket.close(4401);
    await reconnected;
    await until(() => lp.frames.length === 12); // the replay
    expect(lp.sockets).toHaveLength(2);
    expect(lp.requestsTo('login')).toHaveLength(2);
    expect(lp.frames.slice(7)).toEqual([...RESTORED, req('.ams.ms.QueryMessages', { dialogId: 'd1', fromSeq: 5, newerThanSequence: 5 })]);
  });

  it('reports a replay the service refuses as an error at AutoReconnect', async () => {
    const { agent, errors } = await botWithSession({ autoReconnect: FAST_RETRY });
    const responder = lp.responder;
    lp.responder = (frame) => (frame.type === '.ams.routing.SubscribeAgentsState' ? { code: 500, body: { msg: 'down' } } : responder?.(frame));
    const failed = nextEvent(agent, 'error');
    lp.socket.close(4000);
    await failed;
    const [err, context] = errors[0];
    expect(context).toEqual({ location: 'AutoReconnect' });
    // The service's answer, as the ResponseError that keeps it (an `error` listener always gets an Error).
    expect(err).toBeInstanceOf(ResponseError);
    expect(err.response).toEqual({ kind: 'resp', reqId: lp.frames[9].id, code: 500, type: '.ams.routing.SubscribeAgentsState$Response', body: { msg: 'down' } });
    expect(err.message).toBe('.ams.routing.SubscribeAgentsState$Response failed with code 500: {"msg":"down"}');
    expect(lp.frames[9].type).toBe('.ams.routing.SubscribeAgentsState');
    await until(() => lp.frames.length === 12); // the rest of the replay
    expect(errors).toHaveLength(1);
  });

  it('restoreSubscriptions: false replays nothing', async () => {
    const { agent } = await botWithSession({ autoReconnect: { ...FAST_RETRY, restoreSubscriptions: false } });
    const reconnected = nextEvent(agent, 'reconnected');
    lp.socket.close(4000);
    await reconnected;
    await pause(SETTLE);
    expect(lp.frames).toHaveLength(7);
    expect(await agent.promises.getClock()).toEqual({ currentTime: 1700000000000 });
    expect(lp.frames.slice(7)).toEqual([req('.GetClock', {})]);
  });

  it("a bot's own reconnect(true) replays nothing: only an automatic reconnect restores", async () => {
    const { agent } = await botWithSession({ autoReconnect: FAST_RETRY });
    const events: string[] = [];
    agent.on('reconnecting', () => events.push('reconnecting'));
    agent.on('reconnected', () => events.push('reconnected'));
    const connected = nextEvent(agent, 'connected');
    agent.reconnect(true);
    await connected;
    await pause(SETTLE);
    expect(lp.sockets).toHaveLength(2);
    expect(lp.frames).toHaveLength(7);
    expect(events).toEqual([]);
  });
});
