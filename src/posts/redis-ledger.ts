import type { Redis } from 'ioredis';
import type { DeliveredPart, DeliveryLedger, JsonObject, LedgerEntry } from '../domain/delivery.js';
import { LuaScript } from './lua-script.js';

/**
 * Sets the prepared field only if absent and returns whatever is stored, in one step, so two
 * workers preparing the same part both end up sending the first one's record.
 */
const prepareOnceScript = new LuaScript(`
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
return redis.call('HGET', KEYS[1], ARGV[1])
`);

/** Drops the prepared field unless the part was delivered (checked in the same step as the delete). */
const releaseScript = new LuaScript(`
if redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`);

/**
 * The delivery ledger of one post in Redis: hash `<prefix>ledger:<postId>` with `p:<index>` (prepared
 * JSON) and `d:<index>` (delivered JSON). It lives as long as the post, so a retry days later still
 * skips what went out.
 */
export class RedisLedger implements DeliveryLedger {
  readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    readonly postId: string,
  ) {
    this.key = `${prefix}ledger:${postId}`;
  }

  async entries(): Promise<Map<number, LedgerEntry>> {
    return ledgerEntriesOf(await this.redis.hgetall(this.key));
  }

  /**
   * Never overwrites: the first attempt's record or idempotency key must survive a second attempt or
   * a second worker. Resolves to the stored data, which is what the adapter must send.
   */
  async prepare(index: number, data: JsonObject): Promise<JsonObject> {
    const { field, value } = preparedField(index, data);
    const stored = await prepareOnceScript.run(this.redis, [this.key], [field, value]);
    return JSON.parse(String(stored)) as JsonObject;
  }

  /**
   * Forgets a part's prepared data when the platform definitely refused it, so the next attempt may
   * prepare afresh. A delivered part keeps its record: what went out is never re-sent.
   */
  async release(index: number): Promise<void> {
    await releaseScript.run(this.redis, [this.key], [`p:${index}`, `d:${index}`]);
  }

  async delivered(part: DeliveredPart): Promise<void> {
    const { field, value } = deliveredField(part);
    await this.redis.hset(this.key, field, value);
  }
}

/** The hash field and value that record a part as prepared (written by prepare(), or inside a worker's claim). */
export function preparedField(index: number, data: JsonObject): { field: string; value: string } {
  return { field: `p:${index}`, value: JSON.stringify(data) };
}

/** The hash field and value that record a part as delivered (written by delivered(), or inside a post's transition). */
export function deliveredField(part: DeliveredPart): { field: string; value: string } {
  return { field: `d:${part.index}`, value: JSON.stringify(part) };
}

/** A ledger hash's fields as entries by part index. */
export function ledgerEntriesOf(fields: Record<string, string>): Map<number, LedgerEntry> {
  const map = new Map<number, LedgerEntry>();
  for (const [field, json] of Object.entries(fields)) {
    const match = /^([pd]):(\d+)$/.exec(field);
    if (!match) continue;
    const index = Number(match[2]);
    const entry = map.get(index) ?? {};
    if (match[1] === 'p') entry.prepared = JSON.parse(json) as JsonObject;
    else entry.delivered = JSON.parse(json) as DeliveredPart;
    map.set(index, entry);
  }
  return map;
}
