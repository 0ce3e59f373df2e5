import { CrierError } from './crier-error.js';

/** Redis did not answer. The intake answers 503 so the CMS retries; commands exit naming REDIS_URL. */
export class RedisUnavailableError extends CrierError {}
