import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script run by its SHA, loaded on first use or after the server lost it (restart, SCRIPT FLUSH).
 * Lua rather than WATCH/MULTI because WATCH belongs to a connection and the client is shared.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: (string | number | Buffer)[]): Promise<unknown> {
    return this.runWith(
      () => redis.evalsha(this.sha, keys.length, ...keys, ...args),
      () => redis.eval(this.source, keys.length, ...keys, ...args),
    );
  }

  /** As `run`, with bulk replies as Buffers: for scripts that return bytes (a stored image). */
  async runBuffer(redis: Redis, keys: string[], args: (string | number)[]): Promise<unknown> {
    return this.runWith(
      () => redis.callBuffer('EVALSHA', [this.sha, keys.length, ...keys, ...args]),
      () => redis.callBuffer('EVAL', [this.source, keys.length, ...keys, ...args]),
    );
  }

  /** EVALSHA's arguments, to queue the script on a pipeline; a NOSCRIPT reply there is answered with `run`. */
  evalshaArgs(keys: string[], args: (string | number)[]): (string | number)[] {
    return [this.sha, keys.length, ...keys, ...args];
  }

  private async runWith(bySha: () => Promise<unknown>, bySource: () => Promise<unknown>): Promise<unknown> {
    try {
      return await bySha();
    } catch (err) {
      if (isNoScript(err)) return bySource();
      throw err;
    }
  }
}

export function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

/** One run of a script, to be sent by whoever batches it with other commands. */
export interface ScriptCall {
  script: LuaScript;
  keys: string[];
  args: (string | number)[];
}
