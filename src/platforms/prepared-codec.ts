import type { JsonObject } from '../domain/delivery.js';

export type Prepared<K extends string> = { [F in K]?: string };

/**
 * Reads and writes what an adapter keeps in the ledger before a part's first attempt (a text, an
 * idempotency key, an uploaded media id, the attempt time): named string fields, anything else in
 * the stored entry ignored, so a ledger written by another version never breaks a retry.
 */
export function preparedCodec<K extends string>(fields: readonly K[]) {
  return {
    read(data: JsonObject | undefined): Prepared<K> {
      const prepared: Prepared<K> = {};
      for (const field of fields) {
        const value = data?.[field];
        if (typeof value === 'string') prepared[field] = value;
      }
      return prepared;
    },
    write(prepared: Prepared<K>): JsonObject {
      const data: JsonObject = {};
      for (const field of fields) {
        const value = prepared[field];
        if (value !== undefined) data[field] = value;
      }
      return data;
    },
  };
}
