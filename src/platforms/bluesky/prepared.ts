import { TID } from '@atproto/common-web';
import { jsonToLex, lexToJson } from '@atproto/api';
import type { AppBskyFeedPost } from '@atproto/api';
import type { JsonObject, JsonValue } from '../../domain/delivery.js';
import { POST_COLLECTION } from './record.js';

/** What the ledger keeps before a part's first attempt: writing it again is a no-op on the PDS. */
export interface PreparedPost {
  rkey: string;
  record: AppBskyFeedPost.Record;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPostRecord(value: unknown): value is AppBskyFeedPost.Record {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { $type?: unknown; text?: unknown; createdAt?: unknown };
  return v.$type === POST_COLLECTION && typeof v.text === 'string' && typeof v.createdAt === 'string';
}

/** Blob refs (thumb) hold CIDs, which are not JSON: they are stored in the lexicon's JSON form. */
export function preparedToJson(prepared: PreparedPost): JsonObject {
  const record: unknown = JSON.parse(JSON.stringify(lexToJson(prepared.record)));
  if (!isJsonObject(record)) throw new Error('record did not serialise to a JSON object');
  return { rkey: prepared.rkey, record };
}

export function preparedFromJson(data: JsonObject): PreparedPost {
  const { rkey, record } = data;
  if (typeof rkey !== 'string' || !TID.is(rkey)) throw new Error('prepared Bluesky part has no valid rkey');
  const lex: unknown = jsonToLex(record as JsonValue);
  if (!isPostRecord(lex)) throw new Error(`prepared Bluesky part ${rkey} has no valid post record`);
  return { rkey, record: lex };
}
