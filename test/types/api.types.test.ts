import { expectTypeOf } from 'expect-type';
import { Agent, SDKError, TransformError, ResponseError, type AgentConfig, type EventContext, type RequestName } from 'node-agent-sdk';
import type { REQUESTS } from '../../src/requests/table';
import type {
  ErrorResponse,
  ExConversationChangeNotification,
  LastContentEvent,
  MessagingEventNotification,
  RequestError,
  RoutingTaskNotification,
} from 'node-agent-sdk';

// These assertions run through `tsc` (npm run typecheck): a type that regresses fails the build.
// The jest run below only checks that the file loads.

function typeAssertions(agent: Agent): void {
  // Requests: typed bodies and responses, callback in any slot, request id returned.
  expectTypeOf(agent.getClock({}, (_err, body) => expectTypeOf(body).toEqualTypeOf<{ currentTime: number }>())).toEqualTypeOf<string | undefined>();
  agent.publishEvent({ dialogId: 'd', event: { type: 'ContentEvent', contentType: 'text/plain', message: 'hi' } }, null, [{ type: 'ExternalId', id: 'x' }], () => undefined);
  agent.getUserProfile('consumer-id', (_err, sdes) => expectTypeOf(sdes).toEqualTypeOf<Array<{ type: string; [key: string]: unknown }>>());
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
  agent.on('.GetClock$Response', (body, reqId) => {
    expectTypeOf(body).toEqualTypeOf<unknown>();
    expectTypeOf(reqId).toEqualTypeOf<string | undefined>();
  });
  agent.setMaxListeners(50);

  // Misspelt names do not compile; a subclass's `ClassName.Event` does, with a typed listener.
  // @ts-expect-error 'conected' is not an event
  agent.on('conected', () => undefined);
  // @ts-expect-error a misspelt rewritten type
  agent.on('ms.MessagingEventNotificaton', () => undefined);
  // @ts-expect-error once is checked too
  agent.once('closd', () => undefined);
  agent.on('MyBot.Message', (info: { text: string }) => info.text);

  // No `any` reaches a listener or a callback.
  agent.on('error', (err, context) => {
    expectTypeOf(err).toEqualTypeOf<Error>();
    expectTypeOf(context).toEqualTypeOf<EventContext | undefined>();
  });
  agent.on('notification', (msg) => expectTypeOf(msg.body).toEqualTypeOf<unknown>());
  agent.on('message:sent', (frame) => expectTypeOf(frame.body).toEqualTypeOf<unknown>());
  agent.getClock({}, (err) => {
    expectTypeOf(err).toEqualTypeOf<RequestError | null>();
    if (err && !(err instanceof Error)) expectTypeOf(err).toEqualTypeOf<ErrorResponse>();
  });
  expectTypeOf<RequestError>().toEqualTypeOf<SDKError | TransformError | ErrorResponse>();
  expectTypeOf<ResponseError['response']>().toEqualTypeOf<ErrorResponse>();
  expectTypeOf<ErrorResponse['code']>().toEqualTypeOf<number>();
  agent.updateRoutingTaskSubscription({ subscriptionId: 's' }, (_err, body) => expectTypeOf(body).toEqualTypeOf<{ subscriptionId: string }>());
  expectTypeOf(agent.promises.generateDownloadToken).returns.toEqualTypeOf<Promise<Record<string, unknown>>>();
  agent.on('cqm.ExConversationChangeNotification', (body) => {
    const last = body.changes[0].result.lastContentEventNotification;
    expectTypeOf(last).toEqualTypeOf<LastContentEvent | undefined>();
    if (last) expectTypeOf(last.sequence).toEqualTypeOf<number>();
  });

  // text/plain narrows the message to a string; hosted/file to the file.
  agent.on('ms.MessagingEventNotification', (body) => {
    const event = body.changes[0].event;
    if (event.type === 'ContentEvent' && event.contentType === 'text/plain') expectTypeOf(event.message).toEqualTypeOf<string>();
    if (event.type === 'ContentEvent' && event.contentType === 'hosted/file') expectTypeOf(event.message.relativePath).toEqualTypeOf<string>();
  });
  // @ts-expect-error a text message is a string
  agent.publishEvent({ dialogId: 'd', event: { type: 'ContentEvent', contentType: 'text/plain', message: { text: 'hi' } } });

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
// A misspelt option does not compile; ws's client options pass through, typed as ws types them.
// @ts-expect-error autoReconect is not an option
const misspelt: AgentConfig = { accountId: '1', token: 't', userId: 'u', autoReconect: true };
// @ts-expect-error requestTimout is not an option
const misspelt2: AgentConfig = { accountId: '1', token: 't', userId: 'u', requestTimout: 5000 };
const withWs: AgentConfig = { accountId: '1', token: 't', userId: 'u', headers: { 'x-trace': '1' }, perMessageDeflate: false, maxPayload: 1024 };
// @ts-expect-error a ws option of the wrong type
const badWs: AgentConfig = { accountId: '1', token: 't', userId: 'u', perMessageDeflate: 'yes' };
const byProvider: AgentConfig = { accountId: '1', tokenProvider: async () => ({ token: 't', userId: '7' }), autoReconnect: { maxAttempts: Infinity } };
// @ts-expect-error the provider resolves with {token, userId?}, not a bare string
const bareString: AgentConfig = { accountId: '1', tokenProvider: async () => 't' };

describe('public types', () => {
  it('are checked by tsc; this file loads', () => {
    expect(typeof typeAssertions).toBe('function');
    expect([byPassword, byToken, missing, misspelt, misspelt2, withWs, badWs, byProvider, bareString].map((c) => typeof c)).toEqual(Array(9).fill('object'));
  });
});
