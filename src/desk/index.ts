export { ConversationDesk } from './desk';
export { Conversation, type ConversationHost, type DeskSendOptions, type SendTextOptions } from './conversation';
export { Ring } from './ring';
export { FILE_TYPES, type FileType } from './files';
export type { QuickRepliesInput } from './messages';
export type * from './types';
export type { DeskEventMap } from './events';
