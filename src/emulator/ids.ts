import { randomBytes, randomUUID } from 'crypto';

// Counters rather than randomness where LivePerson uses numeric ids: predictable ids make test
// output readable, and uniqueness only matters within one emulator process.
let nextUserId = 1_000_000_001;
let nextSkillId = 2_000_000_001;

export const uuid = (): string => randomUUID();
export const numericUserId = (): string => String(nextUserId++);
export const numericSkillId = (): string => String(nextSkillId++);
/** Consumer ids look like LivePerson's: 64 hex characters. */
export const consumerId = (): string => randomBytes(32).toString('hex');
/** Non-MAIN dialogs get a short url-safe id, e.g. `5rLPNzXpRl-oV56TlNuC5g`. */
export const shortDialogId = (): string => randomBytes(16).toString('base64url');
export const hexToken = (bytes = 32): string => randomBytes(bytes).toString('hex');
