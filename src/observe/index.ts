export { Observer, reconnectCause } from './observer';
export { LATENCY_WINDOW } from './stats';
export type { AgentStats, RequestCounts } from './stats';
export { LOG_LEVELS } from './log';
export type { Logger, LogLevel, LogFields } from './log';
