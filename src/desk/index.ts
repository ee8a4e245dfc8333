export { ConversationDesk } from './desk';
export { Conversation } from './conversation';
export type { SendOptions as DeskSendOptions, SendTextOptions } from './conversation';
export { Ring } from './ring';
export { FILE_TYPES } from './files';
export type { FileType } from './files';
export type { QuickRepliesInput } from './messages';
export type * from './types';
