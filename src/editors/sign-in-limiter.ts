import type { Redis } from 'ioredis';

export interface SignInLimits {
  /** Failed attempts allowed per editor name in one window. */
  perName: number;
  /** Failed attempts allowed per client address in one window (one address guessing many names). */
  perAddress: number;
  windowSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perName: 5, perAddress: 20, windowSeconds: 15 * 60 };

export type SignInCheck = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counts failed sign-ins per name and per address in Redis (fixed windows, INCR + EXPIRE), so the
 * limit holds across every server process. Names are counted even when no such editor exists,
 * so the answer never tells which names are real.
 */
export class SignInLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
  ) {}

  private keys(name: string, address: string): [string, string] {
    return [`${this.prefix}signin:name:${name.trim().toLowerCase()}`, `${this.prefix}signin:addr:${address}`];
  }

  async check(name: string, address: string): Promise<SignInCheck> {
    const [nameKey, addressKey] = this.keys(name, address);
    const [[, byName], [, byAddress], [, nameTtl], [, addressTtl]] = (await this.redis
      .multi()
      .get(nameKey)
      .get(addressKey)
      .ttl(nameKey)
      .ttl(addressKey)
      .exec()) as [[null, string | null], [null, string | null], [null, number], [null, number]];
    const over: number[] = [];
    if (Number(byName ?? 0) >= this.limits.perName) over.push(nameTtl);
    if (Number(byAddress ?? 0) >= this.limits.perAddress) over.push(addressTtl);
    if (over.length === 0) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, ...over) };
  }

  async failed(name: string, address: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of this.keys(name, address)) {
      multi.incr(key);
      // NX: the window starts at the first failure and is not pushed back by later ones.
      multi.expire(key, this.limits.windowSeconds, 'NX');
    }
    await multi.exec();
  }

  /** A successful sign-in clears the name's count; the address keeps its own. */
  async succeeded(name: string): Promise<void> {
    await this.redis.del(this.keys(name, '')[0]);
  }
}
