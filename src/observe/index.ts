export { Observer, reconnectCause } from './observer';
export { LATENCY_WINDOW, type AgentStats, type RequestCounts } from './stats';
export { LOG_LEVELS, type Logger, type LogLevel, type LogFields } from './log';
