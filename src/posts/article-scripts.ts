import { LuaScript } from './lua-script.js';

/**
 * Takes an article's lock and, only when it got it, reads what an event decides from: whether this
 * (article, revision) was accepted, the article record and every post in the article's index. One
 * step, so an event costs one round trip before it composes, and nothing is read without the lock.
 * The post hashes are named from ARGV[3] and the index members (`<order>|<id>`), which the create
 * scripts wrote, so they are not in KEYS: crier runs on one Redis, not a cluster.
 * KEYS: lock, article hash, article post index[, accepted guard].
 * ARGV: lock token, lock TTL in ms, post key prefix (`<prefix>post:`).
 * Returns {0} when another holder has the lock, else {1, accepted 0|1, record JSON or '', post record JSON or ''…}.
 */
export const openArticleScript = new LuaScript(`
if not redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return {0} end
local accepted = 0
if KEYS[4] and redis.call('EXISTS', KEYS[4]) == 1 then accepted = 1 end
local reply = {1, accepted, redis.call('HGET', KEYS[2], 'record') or ''}
for _, member in ipairs(redis.call('ZRANGEBYLEX', KEYS[3], '-', '+')) do
  local id = string.sub(member, (string.find(member, '|', 1, true) or 0) + 1)
  reply[#reply + 1] = redis.call('HGET', ARGV[3] .. id, 'record') or ''
end
return reply
`);

/**
 * What an event leaves on the article, and the release of its lock, in one step: the record (when
 * given), the log entry, the acceptance guard (for a revision) and then the lock, if still this
 * holder's (one that expired under a slow holder belongs to the next).
 * KEYS: article hash, article log, lock[, accepted guard].
 * ARGV: record JSON or '', log entry JSON, lock token, accepted guard value.
 */
export const closeArticleScript = new LuaScript(`
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], 'record', ARGV[1]) end
redis.call('RPUSH', KEYS[2], ARGV[2])
if KEYS[4] then redis.call('SET', KEYS[4], ARGV[4]) end
if redis.call('GET', KEYS[3]) == ARGV[3] then redis.call('DEL', KEYS[3]) end
return 1
`);

/** Releases the lock if it is still this holder's. KEYS: lock. ARGV: token. */
export const releaseLockScript = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);
