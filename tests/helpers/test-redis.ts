// bench/pipeline.ts (outside tests/) imports the Redis helpers from here; tests use ./redis.js.
export { deleteKeys, newRedis, randomPrefix, REDIS_URL } from './redis.js';
