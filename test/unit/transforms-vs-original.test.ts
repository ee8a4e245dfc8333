/**
 * Differential tests: our outgoing and incoming rewrites against the JavaScript SDK's own
 * Transformer (the devDependency `original-agent-sdk`, version 1.2.0). Its rewrites are those of
 * 1.4.11 except ExConversationChangeNotification (1.2.0 also deleted `brandId` and did not yet
 * handle COBROWSE, channelType or missing participantsDetails), which is tested in
 * test/sdk/incoming.test.ts instead.
 */
import type { Identity } from '../../src/identity';
import { REQUESTS, REQUEST_NAMES, methodNameOf, type RequestName } from '../../src/requests/table';
import { INCOMING } from '../../src/transforms';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ORIGINAL: Record<string, (msg: any, agent: any) => any> = require('original-agent-sdk/lib/Transformer');

const ME: Identity = { accountId: '123456', agentId: 'a8f3c4e2-1111-4222-8333-944455556666', oldAgentId: '123456.7777' };

/** The slice of the original SDK object its Transformer reads and calls. */
function originalAgent() {
  const notifications: any[] = [];
  return {
    notifications,
    agent: {
      accountId: ME.accountId,
      agentId: ME.agentId,
      __oldAgentId: ME.oldAgentId,
      _handleNotification: (msg: any) => notifications.push(JSON.parse(JSON.stringify(msg))),
      emit: () => undefined,
    },
  };
}

const clone = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/** Runs a function and describes its outcome by value: the JSON of the result, or the error text. */
function outcome(run: () => unknown): { ok: unknown } | { threw: string } {
  try {
    return { ok: JSON.parse(JSON.stringify(run()) ?? 'null') };
  } catch (err) {
    return { threw: String(err) };
  }
}

describe('the request table', () => {
  it('names every method after the last segment of its type, first letter lowercased', () => {
    expect(REQUEST_NAMES).toHaveLength(16);
    for (const name of REQUEST_NAMES) expect(methodNameOf(REQUESTS[name].type)).toBe(name);
    expect(methodNameOf('.ams.ms.token.GenerateDownloadToken')).toBe('generateDownloadToken');
  });

  it('rewrites exactly the requests the original rewrote', () => {
    const rewritten = REQUEST_NAMES.filter((name) => 'rewrite' in REQUESTS[name]).map((name) => REQUESTS[name].type);
    const original = Object.keys(ORIGINAL).filter((type) => !type.includes('$Response') && !type.includes('Notification') && type !== '.ams.routing.RingUpdated' && type !== '.ams.ms.OnlineEventDistribution');
    expect(rewritten.sort()).toEqual(original.sort());
  });
});

describe('outgoing rewrites match the original', () => {
  const bodies: Record<string, unknown[]> = {
    setAgentState: [{ availability: 'ONLINE' }, { availability: 'AWAY', channels: ['X'], agentUserId: 'y', description: 'd' }, {}],
    subscribeRoutingTasks: [{}, { skillId: '1', brandId: 'other' }],
    subscribeAgentsState: [{}, { agentAvailability: '' }],
    subscribeExConversations: [{}, { agentIds: [ME.agentId, 'x', ME.oldAgentId] }, { agentIds: [] }, { agentIds: null, convState: ['OPEN'] }],
    updateConversationField: [
      { conversationId: 'c', conversationField: [] },
      {
        conversationId: 'c',
        conversationField: [
          { field: 'ParticipantsChange', type: 'ADD', role: 'MANAGER' },
          { field: 'ParticipantsChange', type: 'SUGGEST', role: 'ASSIGNED_AGENT', userId: '1.2' },
          { field: 'ParticipantsChange', type: 'REMOVE', role: 'ASSIGNED_AGENT', userId: '' },
          { field: 'Skill', type: 'UPDATE', skill: '9' },
        ],
      },
    ],
    agentRequestConversation: [{ consumerId: 'c' }, { channelType: 'X', consumerId: 'c' }],
    subscribeMessagingEvents: [{ dialogId: 'd' }, { dialogId: 'd', fromSeq: 5 }, { dialogId: 'd', fromSeq: 0, newerThanSequence: 9 }],
  };

  for (const [name, cases] of Object.entries(bodies)) {
    it.each(cases.map((body) => [JSON.stringify(body), body]))(`${name}(%s)`, (_label, body) => {
      const spec = REQUESTS[name as RequestName] as any;
      const theirs = ORIGINAL[spec.type]({ type: spec.type, body: clone(body) }, originalAgent().agent);
      const before = clone(body);
      const ours = spec.rewrite({ type: spec.type, body }, ME);
      expect(body).toEqual(before);
      expect(ours.type).toBe(theirs.type);
      expect(JSON.stringify(ours.body)).toBe(JSON.stringify(theirs.body));
    });
  }

  it('where the original threw on an undefined body, ours gives the injected fields only', () => {
    for (const name of Object.keys(bodies)) {
      const spec = REQUESTS[name as RequestName] as any;
      expect(outcome(() => ORIGINAL[spec.type]({ type: spec.type, body: undefined }, originalAgent().agent))).toHaveProperty('threw');
      const ours = spec.rewrite({ type: spec.type, body: undefined }, ME);
      expect(ours.body).toEqual(spec.rewrite({ type: spec.type, body: {} }, ME).body);
    }
  });
});

describe('incoming rewrites match the original', () => {
  const event = (originatorId: string, originatorPId: string, sequence?: number) => ({
    sequence,
    dialogId: 'd-1',
    originatorId,
    originatorPId,
    originatorMetadata: { id: originatorPId, role: 'X' },
    serverTimestamp: 1,
    event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hi' },
  });

  const frames: Array<[string, any]> = [
    ['.ams.routing.RoutingTaskNotification', { changes: [{ type: 'UPSERT', result: { routingTaskId: 'r', brandId: 'b', assignedAgentId: 'a', conversationId: 'c', ringsDetails: [{ ringId: 'x', ringState: 'WAITING', brandId: 'b', convId: 'c', consumerId: 'u', skillId: 's' }] } }] }],
    ['.ams.routing.RoutingTaskNotification', { changes: [{ type: 'DELETE', result: { conversationId: 'c' } }] }],
    ['.ams.routing.RoutingTaskNotification', { changes: [{ type: 'DELETE' }] }],
    ['.ams.routing.AgentStateNotification', { changes: [{ type: 'UPSERT', result: { agentUserId: 'x', availability: 'ONLINE' } }] }],
    ['.ams.routing.AgentStateNotification', { changes: [{ type: 'UPSERT' }] }],
    ['.ams.routing.RingUpdated', { ringId: 'r' }],
    ['.ams.ms.OnlineEventDistribution', event(ME.oldAgentId as string, ME.agentId as string, 3)],
    ['.ams.ms.OnlineEventDistribution', event('consumer', 'consumer')],
    ['.ams.ms.OnlineEventDistribution', null],
    ['.ams.ms.QueryMessages$Response', [event('consumer', 'consumer', 0), event(ME.oldAgentId as string, ME.agentId as string, 1)]],
    ['.ams.ms.QueryMessages$Response', []],
    ['.ams.ms.QueryMessages$Response', 'Bad request'],
    ['.ams.ms.QueryMessages$Response', null],
    [
      '.ams.userprofile.GetUserProfile$Response',
      {
        firstName: 'A',
        lastName: 'B',
        acr: 'loa1',
        privateData: { mobileNum: '1', email: 'e', userId: 'u' },
        authenticatedData: { lp_sdes: [{ type: 'ctmrinfo', info: {} }] },
        claims: { iss: 'i', lp_sdes: [{ type: 'personal', personal: {} }] },
      },
    ],
    ['.ams.userprofile.GetUserProfile$Response', { privateData: { mobileNum: '1' } }],
    ['.ams.userprofile.GetUserProfile$Response', {}],
    ['.ams.userprofile.GetUserProfile$Response', 'a string'],
    ['.ams.userprofile.GetUserProfile$Response', null],
  ];

  it.each(frames.map(([type, body]) => [`${type} ${JSON.stringify(body)}`, type, body]))('%s', (_label, type, body) => {
    const kind = type.endsWith('$Response') ? 'resp' : 'notification';
    const original = originalAgent();
    const theirs = outcome(() => ORIGINAL[type]({ kind, type, body: clone(body) }, original.agent));
    let notification: unknown;
    const ours = outcome(() => {
      const rewritten = INCOMING[type]({ kind, type, body: clone(body) }, ME, () => undefined);
      notification = rewritten.notification;
      return rewritten.msg;
    });
    expect(ours).toEqual(theirs);
    expect(notification === undefined ? [] : [clone(notification)]).toEqual(original.notifications);
  });
});
