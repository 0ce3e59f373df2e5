import { preparedCodec, type Prepared } from '../prepared-codec.js';

/**
 * What the Matrix adapter writes to the ledger before a part's first attempt: `txnId`, sent in
 * the path of every attempt (the homeserver answers a repeated transaction with the event it
 * already made; Synapse remembers them for at least 30 minutes); for part 0, the uploaded image's
 * `imageUri` (mxc://), `imageType` and `imageSize`, so a retry does not upload again; `attemptedAt`.
 */
const fields = ['txnId', 'imageUri', 'imageType', 'imageSize', 'attemptedAt'] as const;
const codec = preparedCodec(fields);
export type MatrixPrepared = Prepared<(typeof fields)[number]>;
export const readMatrixPrepared = codec.read;
export const writeMatrixPrepared = codec.write;
