/**
 * node-agent-sdk/emulator: an in-process LivePerson emulator (CSDS, agentVep login/refresh and the
 * UMS messaging websocket) speaking the raw wire protocol, with a consumer simulator and faults.
 */
export { Emulator, startEmulator, TEST_RECONNECT } from './emulator';
export type { AgentConfigOptions, AgentInfo, EmulatorAgentConfig } from './emulator';
export { ConsumerSimulator } from './consumer';
export type { ConsumerOptions, MessageMatcher, WaitOptions } from './consumer';
export { Faults } from './faults';
export type { FaultOptions, FaultTarget, HttpRoute } from './faults';
export type { AgentOptions, AgentUserRole, EmulatorOptions } from './options';
export type { SkillOptions } from './state';
export type { ConsumerProfile, EventRecord, Availability, RingState, Role, OpenClose } from './model';
export type {
  ConnectionInfo,
  ConversationInfo,
  EmulatorEvents,
  MessageInfo,
  RequestInfo,
  RingInfo,
} from './events';
export { EMULATOR_CERT } from './certificate';
export { DEFAULT_AGENT_SURVEY } from './agent-survey';
export type { AgentSurveyDefinition, AgentSurveyQuestion, AgentSurveyReply, QuestionState } from './agent-survey';
export { EMULATED_MCS } from './history';
