import { preparedCodec, type Prepared } from '../prepared-codec.js';

/**
 * What the X adapter writes to the ledger before a part's first attempt: `text`, the text sent (what
 * reconciliation looks for); `attemptedAt`, set only once a tweet request may have been sent;
 * `mediaId`, the uploaded image of part 0, so a retry attaches it instead of uploading again.
 */
const codec = preparedCodec(['text', 'attemptedAt', 'mediaId'] as const);
export type XPrepared = Prepared<'text' | 'attemptedAt' | 'mediaId'>;
export const readXPrepared = codec.read;
export const writeXPrepared = codec.write;
