import type { ConsumerProfile } from '../model';
import { FILES_PREFIX, MAX_FILE_BYTES } from '../files';
import { hexToken } from '../ids';
import { UmsError, badRequest, idField, isObject, objectBody, ok } from './reply';
import type { Handler } from './reply';

const FILE_TYPES = ['JPG', 'JPEG', 'PNG', 'GIF', 'PDF', 'DOCX', 'XLSX', 'PPTX'];

/** The raw profile: only the fields that are set, plus the consumer id. */
const rawProfile = (userId: string, profile: ConsumerProfile) => ({ ...profile, userId });

export const basicHandlers: Record<string, Handler> = {
  '.GetClock': () => ok('.GetClock$Response', { currentTime: Date.now() }),

  /** Body: a bare consumer id string (what the SDK sends), `{userId}`, or `{}` for the caller. */
  '.ams.userprofile.GetUserProfile': (ctx, body) => {
    let userId: string | undefined;
    if (typeof body === 'string') userId = body;
    else if (isObject(body)) userId = idField(body, 'userId', true);
    else throw badRequest('body');
    if (userId === '') throw badRequest('userId');
    const type = '.ams.userprofile.GetUserProfile$Response';
    if (userId === undefined) return ok(type, { userId: ctx.agent.oldAgentId });
    const consumer = ctx.account.consumers.get(userId);
    if (consumer) return ok(type, rawProfile(consumer.id, consumer.profile));
    const agent = [...ctx.account.agents.values()].find((a) => a.userPid === userId || a.oldAgentId === userId);
    if (agent) return ok(type, { userId: agent.oldAgentId });
    throw new UmsError(404, 'User not found');
  },

  '.ams.ms.GenerateURLForUploadFile': (ctx, body) => {
    const obj = objectBody(body);
    const size = Number(idField(obj, 'fileSize'));
    if (!Number.isFinite(size) || size <= 0 || size > MAX_FILE_BYTES) throw badRequest('fileSize');
    const fileType = idField(obj, 'fileType').toUpperCase();
    if (!FILE_TYPES.includes(fileType)) throw badRequest('fileType');
    const files = ctx.core.files;
    return ok('.ams.ms.GenerateURLForUploadFile$Response', files.sign('PUT', files.newPath(ctx.account.id, fileType)));
  },

  '.ams.ms.GenerateURLForDownloadFile': (ctx, body) => {
    const relativePath = idField(objectBody(body), 'relativePath');
    if (!relativePath.startsWith(FILES_PREFIX)) throw badRequest('relativePath');
    return ok('.ams.ms.GenerateURLForDownloadFile$Response', ctx.core.files.sign('GET', relativePath));
  },

  /** Undocumented by LivePerson: the emulator answers an opaque token (emulator-defined shape). */
  '.ams.ms.token.GenerateDownloadToken': (ctx, body) => {
    objectBody(body);
    const expirationTs = Date.now() + ctx.core.options.fileUrlTtlMs;
    return ok('.ams.ms.token.GenerateDownloadToken$Response', { token: hexToken(), expirationTs });
  },
};
