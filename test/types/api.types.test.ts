import { expectTypeOf } from 'expect-type';
import { Agent, SDKError, TransformError, ResponseError, type AgentConfig, type RequestName } from 'node-agent-sdk';
import type { REQUESTS } from '../../src/requests/table';
import type { ExConversationChangeNotification, MessagingEventNotification, RoutingTaskNotification } from 'node-agent-sdk';

// These assertions run through `tsc` (npm run typecheck): a type that regresses fails the build.
// The jest run below only checks that the file loads.

function typeAssertions(agent: Agent): void {
  // Requests: typed bodies and responses, callback in any slot, request id returned.
  expectTypeOf(agent.getClock({}, (_err, body) => expectTypeOf(body).toEqualTypeOf<{ currentTime: number } | undefined>())).toEqualTypeOf<string | undefined>();
  agent.publishEvent({ dialogId: 'd', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hi' } }, null, [{ type: 'ExternalId', id: 'x' }], () => undefined);
  agent.getUserProfile('consumer-id', (_err, sdes) => expectTypeOf(sdes).toEqualTypeOf<Array<{ type: string; [key: string]: unknown }> | undefined>());
  // @ts-expect-error publishEvent needs an event
  agent.publishEvent({ dialogId: 'd' });
  // @ts-expect-error ringState is ACCEPTED or REJECTED
  agent.updateRingState({ ringId: 'r', ringState: 'MAYBE' });

  // Promises.
  expectTypeOf(agent.promises.getClock()).toEqualTypeOf<Promise<{ currentTime: number }>>();
  expectTypeOf(agent.promises.publishEvent).returns.toEqualTypeOf<Promise<{ sequence: number }>>();
  expectTypeOf(agent.promises.subscribeExConversations).returns.toEqualTypeOf<Promise<{ subscriptionId: string }>>();
  expectTypeOf(agent.promises.connect()).toEqualTypeOf<Promise<void>>();
  agent.promises.setAgentState({ availability: 'ONLINE' }, { timeout: 5000, signal: new AbortController().signal });

  // Events: known names are typed, raw names still compile.
  agent.on('ms.MessagingEventNotification', (body) => expectTypeOf(body).toEqualTypeOf<MessagingEventNotification>());
  agent.on('cqm.ExConversationChangeNotification', (body) => expectTypeOf(body).toEqualTypeOf<ExConversationChangeNotification>());
  agent.once('routing.RoutingTaskNotification', (body) => expectTypeOf(body).toEqualTypeOf<RoutingTaskNotification>());
  agent.on('closed', (code) => expectTypeOf(code).toEqualTypeOf<number>());
  agent.on('connected', (event) => expectTypeOf(event.ts).toEqualTypeOf<number>());
  agent.on('.ams.some.RawType', (body: unknown) => body);
  agent.setMaxListeners(50);

  // Identity and session.
  expectTypeOf(agent.agentId).toEqualTypeOf<string | undefined>();
  expectTypeOf(agent.getBearerToken()).toEqualTypeOf<string | undefined>();

  // Errors.
  expectTypeOf<SDKError['code']>().toEqualTypeOf<number | string | null | undefined>();
  expectTypeOf<ResponseError>().toMatchTypeOf<SDKError>();
  expectTypeOf<TransformError['payload']>().toEqualTypeOf<unknown>();

  // The request table drives the method names.
  expectTypeOf<RequestName>().toEqualTypeOf<keyof typeof REQUESTS>();
  expectTypeOf<Agent[RequestName]>().toBeFunction();
}

// Configuration: each auth kind type-checks; unknown keys pass through to ws like the original.
const byPassword: AgentConfig = { accountId: '1', username: 'u', password: 'p' };
const byToken: AgentConfig = { accountId: '1', token: 't', userId: 'u', autoReconnect: { maxAttempts: 3 } };
// @ts-expect-error accountId is required
const missing: AgentConfig = { username: 'u', password: 'p' };
const byProvider: AgentConfig = { accountId: '1', tokenProvider: async () => ({ token: 't', userId: '7' }), autoReconnect: { maxAttempts: Infinity } };
// @ts-expect-error the provider resolves with {token, userId?}, not a bare string
const bareString: AgentConfig = { accountId: '1', tokenProvider: async () => 't' };

describe('public types', () => {
  it('are checked by tsc; this file loads', () => {
    expect(typeof typeAssertions).toBe('function');
    expect([byPassword, byToken, missing, byProvider, bareString].map((c) => typeof c)).toEqual(['object', 'object', 'object', 'object', 'object']);
  });
});
