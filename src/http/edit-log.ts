import type { Redis } from 'ioredis';

/** One editor edit of a post's texts: what the history shows as before/after. */
export interface EditRecord {
  at: string;
  by: string;
  /** The post's version the edit produced. */
  version: number;
  before: string[];
  after: string[];
}

// A post is edited a handful of times; the cap only guards against a runaway script.
const KEEP = 200;

/**
 * The texts before and after each edit, beside the post's history (which records who and when).
 * Written after the edit succeeds, so a failed write loses the texts, never the edit.
 */
export class EditLog {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(postId: string): string {
    return `${this.prefix}edits:${postId}`;
  }

  async record(postId: string, entry: EditRecord): Promise<void> {
    await this.redis.multi().rpush(this.key(postId), JSON.stringify(entry)).ltrim(this.key(postId), -KEEP, -1).exec();
  }

  /** Oldest first. */
  async list(postId: string): Promise<EditRecord[]> {
    return (await this.redis.lrange(this.key(postId), 0, -1)).map((json) => JSON.parse(json) as EditRecord);
  }
}
