import type { EventEmitter } from 'events';
import type { Connection } from './connection';
import type { Conversations } from './conversations';
import type { Faults } from './faults';
import type { FileStore } from './files';
import type { Hub } from './hub';
import type { ResolvedOptions } from './options';
import type { Outbox } from './outbox';
import type { Routing } from './routing';
import type { Sessions } from './sessions';
import type { State } from './state';
import type { SocketStats } from './stats';
import type { Timers } from './timers';

/** The parts of one emulator, shared by its services (built in emulator.ts). */
export interface Core {
  options: ResolvedOptions;
  state: State;
  sessions: Sessions;
  timers: Timers;
  outbox: Outbox;
  connections: Set<Connection>;
  /** Concurrent sockets per agent user. */
  socketStats: SocketStats;
  /** The public Emulator object: EmulatorEvents are emitted on it. */
  events: EventEmitter;
  /** Internal fan-out to consumer simulators. */
  bus: EventEmitter;
  hub: Hub;
  conversations: Conversations;
  routing: Routing;
  files: FileStore;
  faults: Faults;
}
