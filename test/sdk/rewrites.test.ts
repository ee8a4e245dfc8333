import type { Agent } from 'node-agent-sdk';
import { ACCOUNT, FakeLP, USER_ID, USER_PID } from '../helpers/fake-lp';
import { framesReceived } from '../helpers/wait';
import { recordingCallback } from '../helpers/events';
import { fakeLPSuite } from '../helpers/suite';

const OLD_ID = `${ACCOUNT}.${USER_ID}`;

/** Freezes a value and everything in it: any attempt to mutate it throws (modules are strict). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as any)[key]);
    Object.freeze(value);
  }
  return value;
}

describe('outgoing rewrites (docs/compatibility.md, "Requests")', () => {
  let lp: FakeLP;
  let agent: Agent;
  const suite = fakeLPSuite();
  const { agents } = suite;
  beforeEach(async () => {
    lp = suite.lp;
    agent = await agents.connected(lp);
  });

  /** Sends one request and returns the JSON text of what arrived, with the id blanked. */
  async function wire(send: () => unknown): Promise<string> {
    const before = lp.frames.length;
    send();
    await framesReceived(lp, before + 1);
    return JSON.stringify({ ...lp.frames[before], id: 'ID' });
  }
  const req = (type: string, body: unknown) => JSON.stringify({ kind: 'req', id: 'ID', type, body });

  it('SetAgentState: adds channels ["MESSAGING"] and agentUserId = __oldAgentId, overwriting in place', async () => {
    expect(await wire(() => agent.setAgentState({ availability: 'AWAY', description: 'lunch' }))).toBe(
      req('.ams.routing.SetAgentState', { availability: 'AWAY', description: 'lunch', channels: ['MESSAGING'], agentUserId: OLD_ID }),
    );
    expect(await wire(() => agent.setAgentState({ agentUserId: 'someone', availability: 'ONLINE', channels: ['VOICE'] } as any))).toBe(
      req('.ams.routing.SetAgentState', { agentUserId: OLD_ID, availability: 'ONLINE', channels: ['MESSAGING'] }),
    );
  });

  it('SubscribeRoutingTasks: adds channelType, agentId = __oldAgentId and brandId = accountId', async () => {
    expect(await wire(() => agent.subscribeRoutingTasks({ skillId: '12' }))).toBe(
      req('.ams.routing.SubscribeRoutingTasks', { skillId: '12', channelType: 'MESSAGING', agentId: OLD_ID, brandId: ACCOUNT }),
    );
  });

  it('SubscribeAgentsState: adds brandId = accountId and agentId = __oldAgentId', async () => {
    expect(await wire(() => agent.subscribeAgentsState({ agentAvailability: '' }))).toBe(
      req('.ams.routing.SubscribeAgentsState', { agentAvailability: '', brandId: ACCOUNT, agentId: OLD_ID }),
    );
  });

  it('SubscribeExConversations: maps the agent’s own PID in agentIds to __oldAgentId and keeps other ids', async () => {
    expect(await wire(() => agent.subscribeExConversations({ agentIds: [USER_PID, 'other-pid', OLD_ID], convState: ['OPEN'] }))).toBe(
      req('.ams.aam.SubscribeExConversations', { agentIds: [OLD_ID, 'other-pid', OLD_ID], convState: ['OPEN'] }),
    );
    expect(await wire(() => agent.subscribeExConversations({ agentIds: [], convState: ['OPEN', 'CLOSE'] }))).toBe(
      req('.ams.aam.SubscribeExConversations', { agentIds: [], convState: ['OPEN', 'CLOSE'] }),
    );
  });

  it('SubscribeExConversations: a missing (or null) agentIds stays missing', async () => {
    expect(await wire(() => agent.subscribeExConversations({ convState: ['OPEN'] }))).toBe(
      req('.ams.aam.SubscribeExConversations', { convState: ['OPEN'] }),
    );
    expect(await wire(() => agent.subscribeExConversations({ convState: ['OPEN'], agentIds: null } as any))).toBe(
      req('.ams.aam.SubscribeExConversations', { convState: ['OPEN'] }),
    );
  });

  it('UpdateConversationField: only ParticipantsChange fields without userId get __oldAgentId', async () => {
    const body = {
      conversationId: 'conv-1',
      conversationField: [
        { field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER' },
        { field: 'ParticipantsChange', type: 'SUGGEST', userId: '123456.999', role: 'ASSIGNED_AGENT' },
        { field: 'ParticipantsChange', type: 'REMOVE', userId: '', role: 'ASSIGNED_AGENT' },
        { field: 'Skill', type: 'UPDATE', skill: '3848332110' },
        { field: 'ConversationStateField', conversationState: 'CLOSE' },
      ],
    };
    expect(await wire(() => agent.updateConversationField(body))).toBe(
      req('.ams.cm.UpdateConversationField', {
        conversationId: 'conv-1',
        conversationField: [
          { field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER', userId: OLD_ID },
          { field: 'ParticipantsChange', type: 'SUGGEST', userId: '123456.999', role: 'ASSIGNED_AGENT' },
          { field: 'ParticipantsChange', type: 'REMOVE', userId: OLD_ID, role: 'ASSIGNED_AGENT' },
          { field: 'Skill', type: 'UPDATE', skill: '3848332110' },
          { field: 'ConversationStateField', conversationState: 'CLOSE' },
        ],
      }),
    );
  });

  it('UpdateConversationField: a conversationField that is not an array is sent as given (no throw)', async () => {
    const single = { field: 'ParticipantsChange', type: 'ADD', role: 'READER' };
    expect(await wire(() => agent.updateConversationField({ conversationId: 'conv-1', conversationField: single } as any))).toBe(
      req('.ams.cm.UpdateConversationField', { conversationId: 'conv-1', conversationField: single }),
    );
  });

  it('AgentRequestConversation: channelType is always MESSAGING', async () => {
    expect(await wire(() => agent.agentRequestConversation({ consumerId: 'c-1', channelType: 'VOICE' } as any))).toBe(
      req('.ams.cm.AgentRequestConversation', { consumerId: 'c-1', channelType: 'MESSAGING' }),
    );
  });

  it('subscribeMessagingEvents: goes out as .ams.ms.QueryMessages with newerThanSequence = fromSeq || 0', async () => {
    expect(await wire(() => agent.subscribeMessagingEvents({ dialogId: 'd-1', fromSeq: 7 }))).toBe(
      req('.ams.ms.QueryMessages', { dialogId: 'd-1', fromSeq: 7, newerThanSequence: 7 }),
    );
    expect(await wire(() => agent.subscribeMessagingEvents({ dialogId: 'd-1' }))).toBe(
      req('.ams.ms.QueryMessages', { dialogId: 'd-1', newerThanSequence: 0 }),
    );
    expect(await wire(() => agent.subscribeMessagingEvents({ dialogId: 'd-1', conversationId: 'c-1', fromSeq: 0, newerThanSequence: 3 }))).toBe(
      req('.ams.ms.QueryMessages', { dialogId: 'd-1', conversationId: 'c-1', fromSeq: 0, newerThanSequence: 0 }),
    );
  });

  it('never mutate the caller’s body (deeply frozen bodies go through, unchanged), and send the same frame', async () => {
    const bodies = {
      setAgentState: { availability: 'ONLINE' },
      subscribeRoutingTasks: {},
      subscribeAgentsState: {},
      subscribeExConversations: { agentIds: [USER_PID], convState: ['OPEN'] },
      updateConversationField: { conversationId: 'c', conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER' }] },
      agentRequestConversation: { consumerId: 'c-1' },
      subscribeMessagingEvents: { dialogId: 'd-1', fromSeq: 2 },
    };
    const copies = JSON.parse(JSON.stringify(bodies));
    deepFreeze(bodies);
    const callbacks = Object.entries(bodies).map(([name, body]) => {
      const cb = recordingCallback();
      expect(() => (agent as any)[name](body, cb)).not.toThrow();
      return cb;
    });
    await Promise.all(callbacks.map((cb) => cb.settled));
    expect(bodies).toEqual(copies);
    expect(lp.frames.map((f) => f.body)).toEqual([
      { availability: 'ONLINE', channels: ['MESSAGING'], agentUserId: OLD_ID },
      { channelType: 'MESSAGING', agentId: OLD_ID, brandId: ACCOUNT },
      { brandId: ACCOUNT, agentId: OLD_ID },
      { agentIds: [OLD_ID], convState: ['OPEN'] },
      { conversationId: 'c', conversationField: [{ field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER', userId: OLD_ID }] },
      { consumerId: 'c-1', channelType: 'MESSAGING' },
      { dialogId: 'd-1', fromSeq: 2, newerThanSequence: 2 },
    ]);
    for (const cb of callbacks) expect(cb.calls[0][0]).toBeNull();
  });

  it('rewrite an undefined body to {} plus the injected fields, for every request, without throwing', async () => {
    const expected: Array<[string, string, unknown]> = [
      ['getClock', '.GetClock', {}],
      ['agentRequestConversation', '.ams.cm.AgentRequestConversation', { channelType: 'MESSAGING' }],
      ['subscribeExConversations', '.ams.aam.SubscribeExConversations', {}],
      ['unsubscribeExConversations', '.ams.aam.UnsubscribeExConversations', {}],
      ['updateConversationField', '.ams.cm.UpdateConversationField', {}],
      ['publishEvent', '.ams.ms.PublishEvent', {}],
      ['updateRingState', '.ams.routing.UpdateRingState', {}],
      ['subscribeRoutingTasks', '.ams.routing.SubscribeRoutingTasks', { channelType: 'MESSAGING', agentId: OLD_ID, brandId: ACCOUNT }],
      ['updateRoutingTaskSubscription', '.ams.routing.UpdateRoutingTaskSubscription', {}],
      ['getUserProfile', '.ams.userprofile.GetUserProfile', {}],
      ['setAgentState', '.ams.routing.SetAgentState', { channels: ['MESSAGING'], agentUserId: OLD_ID }],
      ['subscribeAgentsState', '.ams.routing.SubscribeAgentsState', { brandId: ACCOUNT, agentId: OLD_ID }],
      ['subscribeMessagingEvents', '.ams.ms.QueryMessages', { newerThanSequence: 0 }],
      ['generateURLForDownloadFile', '.ams.ms.GenerateURLForDownloadFile', {}],
      ['generateURLForUploadFile', '.ams.ms.GenerateURLForUploadFile', {}],
      ['generateDownloadToken', '.ams.ms.token.GenerateDownloadToken', {}],
    ];
    for (const [name] of expected) expect(() => (agent as any)[name](undefined)).not.toThrow();
    await framesReceived(lp, expected.length);
    expect(lp.frames.map((f) => JSON.stringify({ ...f, id: 'ID' }))).toEqual(expected.map(([, type, body]) => req(type, body)));
  });
});
