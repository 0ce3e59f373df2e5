import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * The open dashboard sessions, by id, in Redis. The cookie itself is sealed and cannot be taken
 * back once issued; checking its id here makes sign-out final, even for a copy of the cookie.
 */
export class SessionRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `${this.prefix}session:${id}`;
  }

  /** A new session id for `editor`, forgotten by Redis after `ttlSeconds`. */
  async open(editor: string, ttlSeconds: number): Promise<string> {
    const id = randomBytes(18).toString('base64url');
    await this.redis.set(this.key(id), editor, 'EX', ttlSeconds);
    return id;
  }

  async isOpen(id: string, editor: string): Promise<boolean> {
    if (!/^[A-Za-z0-9_-]{24}$/.test(id)) return false;
    return (await this.redis.get(this.key(id))) === editor;
  }

  async close(id: string): Promise<void> {
    if (/^[A-Za-z0-9_-]{24}$/.test(id)) await this.redis.del(this.key(id));
  }
}
