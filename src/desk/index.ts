export { ConversationDesk } from './desk';
export { Conversation } from './conversation';
export type { ConversationHost, DeskSendOptions, SendTextOptions } from './conversation';
export { Ring } from './ring';
export { FILE_TYPES } from './files';
export type { FileType } from './files';
export type { QuickRepliesInput } from './messages';
// Named, not `export type *` (TypeScript 5.0): the declarations must parse with TypeScript 4.7.
export type {
  DeskOptions,
  Participant,
  DeskDialog,
  QuickReplyChoice,
  DeskMessage,
  DeskConsumer,
  ParticipantChange,
  SkillTransfer,
  AgentTransfer,
  BackToQueue,
  DialogChange,
  CloseInfo,
  DeskErrorContext,
} from './types';
export type { DeskEventMap } from './events';
