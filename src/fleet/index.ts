/**
 * node-agent-sdk/fleet: spread many bot users over processes and machines, each logged in
 * exactly once, with etcd as the coordinator (or none, in one process).
 */
export { AgentFleet } from './fleet';
export type { BotConnectionState, BotStatus, FleetEvents, FleetStatus } from './fleet';
export type { AgentFleetOptions, BotConfig, FleetAgentConfig } from './options';
export type { Coordinator, CoordinatorState, LossReason, OwnershipHandler, ReleaseReason } from './coordinator';
export { LocalCoordinator } from './local';
export { EtcdCoordinator } from './etcd';
export type { EtcdFleetOptions } from './etcd';
export { place, weight } from './placement';
