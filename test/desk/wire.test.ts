import { ConversationDesk } from 'node-agent-sdk';
import { ACCOUNT, USER_ID, USER_PID, defaultResponder } from '../helpers/fake-lp';
import { fakeLPSuite } from '../helpers/suite';
import { DeskLog } from './helpers';

const suite = fakeLPSuite();
const LEGACY = `${ACCOUNT}.${USER_ID}`;
const SUBSCRIBE = '.ams.aam.SubscribeExConversations';
const CONSUMER = 'c0ffee';

/** A raw ExConversations change: the consumer and this agent as ASSIGNED_AGENT. */
function rawConversation(convId: string) {
  return {
    type: 'UPSERT',
    result: {
      convId,
      effectiveTTR: -1,
      conversationDetails: {
        skillId: '-1',
        brandId: ACCOUNT,
        participants: { CONSUMER: [CONSUMER], ASSIGNED_AGENT: [LEGACY] },
        participantsPId: { CONSUMER: [CONSUMER], ASSIGNED_AGENT: [USER_PID] },
        dialogs: [
          {
            dialogId: convId,
            dialogType: 'MAIN',
            channelType: 'MESSAGING',
            state: 'OPEN',
            participantsDetails: [
              { id: CONSUMER, role: 'CONSUMER', state: 'ACTIVE' },
              { id: LEGACY, role: 'ASSIGNED_AGENT', state: 'ACTIVE' },
            ],
          },
        ],
        state: 'OPEN',
        stage: 'OPEN',
        startTs: 1,
        metaDataLastUpdateTs: 1,
        ttr: { ttrType: 'PRIORITIZED', value: 600 },
      },
    },
  };
}

/** Answers like the service: a subscription gets its response, then its (empty) initial answer. */
function answeringSubscriptions(): void {
  const lp = suite.lp;
  lp.responder = (frame) => {
    if (frame.type !== SUBSCRIBE) return defaultResponder(frame);
    lp.reply(frame, { subscriptionId: `sub-${frame.id}` });
    lp.notify('.ams.aam.ExConversationChangeNotification', { subscriptionId: `sub-${frame.id}`, changes: [] });
    return undefined;
  };
}

test('on connect the desk sends exactly its set-up: agent state, routing, one ExConversations subscription on its own id', async () => {
  const { agent } = await suite.connected();
  answeringSubscriptions();
  const desk = new ConversationDesk(agent);
  const log = new DeskLog(desk);
  await log.waitFor('ready');
  expect(suite.lp.frames.map(({ type, body }) => ({ type, body }))).toEqual([
    { type: '.ams.routing.SetAgentState', body: { availability: 'ONLINE', channels: ['MESSAGING'], agentUserId: LEGACY } },
    { type: '.ams.routing.SubscribeRoutingTasks', body: { channelType: 'MESSAGING', agentId: LEGACY, brandId: ACCOUNT } },
    { type: SUBSCRIBE, body: { stage: ['OPEN'], agentIds: [LEGACY] } },
  ]);
});

test('a subscription answer sent before the response that names it is not lost; other subscriptions are not the desk’s', async () => {
  const { agent } = await suite.connected();
  const lp = suite.lp;
  lp.responder = (frame) => (frame.type === SUBSCRIBE ? undefined : frame.type === '.ams.userprofile.GetUserProfile' ? { body: {} } : defaultResponder(frame));
  // The bot's own manager view, made before the desk exists.
  const own = lp.nextFrame();
  agent.subscribeExConversations({ convState: ['OPEN'] });
  lp.reply(await own, { subscriptionId: 'bot-sub' });

  const desk = new ConversationDesk(agent, { routing: false, availability: null });
  const log = new DeskLog(desk);
  const request = await lp.nextFrame();
  expect(request).toMatchObject({ type: SUBSCRIBE, body: { stage: ['OPEN'], agentIds: [LEGACY] } });
  lp.notify('.ams.aam.ExConversationChangeNotification', { subscriptionId: 'desk-sub', changes: [rawConversation('conv-1')] });
  lp.notify('.ams.aam.ExConversationChangeNotification', { subscriptionId: 'bot-sub', changes: [rawConversation('conv-2')] });
  lp.reply(request, { subscriptionId: 'desk-sub' });

  const conv = (await log.waitFor('conversation')).payload;
  expect(conv).toMatchObject({ id: 'conv-1', myRole: 'ASSIGNED_AGENT', ttr: { ttrType: 'PRIORITIZED', value: 600 } });
  await log.waitFor('ready');
  lp.notify('.ams.aam.ExConversationChangeNotification', { subscriptionId: 'bot-sub', changes: [rawConversation('conv-3')] });
  lp.notify('.ams.aam.ExConversationChangeNotification', { subscriptionId: 'desk-sub', changes: [rawConversation('conv-4')] });
  await log.waitFor('conversation', (e) => e.payload.id === 'conv-4');
  expect(desk.conversations.map((c) => c.id)).toEqual(['conv-1', 'conv-4']);
  // `conversation` waits for the consumer's profile; `ready` does not.
  expect(log.lines).toEqual(['ready', 'conversation', 'conversation']);
});

test('set-up failures are reported at Desk#SetUp and the desk tries again on the next connection', async () => {
  const { agent } = await suite.connected();
  suite.lp.responder = (frame) => (frame.type === '.ams.routing.SetAgentState' ? { code: 403, type: '.ReqBody$StringResp', body: 'Forbidden' } : defaultResponder(frame));
  const desk = new ConversationDesk(agent);
  const log = new DeskLog(desk);
  await log.waitFor('error');
  expect(log.lines).toEqual(['error Desk#SetUp: .ReqBody$StringResp failed with code 403: Forbidden']);
  answeringSubscriptions();
  agent.reconnect(true);
  await log.waitFor('ready');
  expect(log.lines).toEqual(['error Desk#SetUp: .ReqBody$StringResp failed with code 403: Forbidden', 'ready (reconnect)']);
});
