import { CrierError } from './crier-error.js';

/** The demo found no Redis at REDIS_URL and no redis-server to start one; the message says how to get one. */
export class RedisServerMissingError extends CrierError {}
