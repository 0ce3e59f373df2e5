import { preparedCodec, type Prepared } from '../prepared-codec.js';

/**
 * What the Mastodon adapter writes to the ledger before a part's first attempt: `idempotencyKey`,
 * sent on every attempt (the instance answers a repeat with the same status); `mediaId`, the
 * processed image of part 0, attached again on a retry; `attemptedAt` (keys live about an hour).
 */
const codec = preparedCodec(['idempotencyKey', 'mediaId', 'attemptedAt'] as const);
export type MastodonPrepared = Prepared<'idempotencyKey' | 'mediaId' | 'attemptedAt'>;
export const readMastodonPrepared = codec.read;
export const writeMastodonPrepared = codec.write;
