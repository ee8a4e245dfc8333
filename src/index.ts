export { Agent } from './agent';
export type { Callback } from './agent';
export type { CookieJar } from './auth/cookies';
export type { Domains, DomainsCache } from './domains';
export type { Listener } from './emitter';
export {
  SDKError,
  TransformError,
  ErrorCode,
  RequestTimeoutError,
  NotConnectedError,
  AbortError,
  InvalidRequestError,
  InvalidOptionError,
  ResponseError,
  EventTimeoutError,
  ClosedBeforeOpenError,
} from './errors';
export type { ErrorService } from './errors';
export type {
  RequestMethod,
  RequestMethods,
  RequestCallback,
  RequestError,
  RequestBody,
  ResponseBody,
  SendOptions,
  PromiseApi,
  PromiseRequests,
} from './api';
export { AgentSurveyClient } from './survey';
export type { AgentSurveyClientOptions, SurveyResponse } from './survey';
export type { AgentConfig, AutoReconnectOptions, TokenProvider, ProvidedToken } from './config';
export type { AgentEventMap, AgentEventName, RawEventName, CustomEventName, UppercaseLetter } from './events';
export type { RequestName } from './requests/table';
export * from './types';
export type { AgentStats, RequestCounts, Logger, LogLevel, LogFields } from './observe';
export * from './desk';
