import type { Redis } from 'ioredis';
import type { PostKeys } from './post-keys.js';

/**
 * Which parts of a post have been deleted while retracting it: hash `<prefix>retraction:<postId>`,
 * field = part index, value = when. A part is marked right after its platform confirmed the delete,
 * so a worker that dies mid-retraction hands the next one only what is left (a part whose delete
 * was in flight is asked again, and "already gone" counts as deleted).
 */
export class RetractionLedger {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    keys: PostKeys,
    postId: string,
  ) {
    this.key = keys.retraction(postId);
  }

  async deleted(): Promise<Set<number>> {
    const fields = await this.redis.hkeys(this.key);
    return new Set(fields.map(Number).filter(Number.isInteger));
  }

  async markDeleted(index: number, at: string): Promise<void> {
    await this.redis.hset(this.key, String(index), at);
  }
}
