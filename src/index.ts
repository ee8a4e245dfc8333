export { Agent } from './agent';
export { SDKError, TransformError, type ErrorService } from './errors';
export { ResponseError, type RequestMethod, type RequestCallback, type SendOptions, type PromiseApi } from './api';
export { AgentSurveyClient } from './survey';
export type { AgentConfig, AutoReconnectOptions } from './config';
export type { AgentEventMap, AgentEventName } from './events';
export { REQUESTS, type RequestName } from './requests/table';
export * from './types';
export type { AgentStats, RequestCounts, Logger, LogLevel, LogFields } from './observe';
