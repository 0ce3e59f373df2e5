import { LuaScript } from './lua-script.js';

/**
 * Creates every post of one (article, revision) unless that pair was already accepted, in which
 * case it returns the ids accepted the first time. One script, so concurrent deliveries of the same
 * CMS event cannot both create.
 * KEYS: accepted guard, posts:all, posts:article:<a>, then per post: post hash, history, state index.
 * ARGV: JSON ids, then per post: index member, record JSON, version, first history entry JSON.
 * Returns {1, ids} when it created, {0, ids} when the pair was there already.
 */
export const createPostsScript = new LuaScript(`
local existing = redis.call('GET', KEYS[1])
if existing then return {0, existing} end
redis.call('SET', KEYS[1], ARGV[1])
local n = (#KEYS - 3) / 3
for i = 0, n - 1 do
  local k = 4 + i * 3
  local a = 2 + i * 4
  if redis.call('EXISTS', KEYS[k]) == 0 then
    redis.call('HSET', KEYS[k], 'record', ARGV[a + 1], 'version', ARGV[a + 2])
    redis.call('RPUSH', KEYS[k + 1], ARGV[a + 3])
    redis.call('ZADD', KEYS[k + 2], 0, ARGV[a])
    redis.call('ZADD', KEYS[2], 0, ARGV[a])
    redis.call('ZADD', KEYS[3], 0, ARGV[a])
  end
end
return {1, ARGV[1]}
`);

/**
 * Replaces a post record only if it is still at the version the caller computed the change from,
 * moving it between state indexes and appending to its history in the same step. A fifth key is a
 * second hash, the post's ledger, that ARGV[6] says what to do with:
 * - 'set': the field/value pairs after it are set there first, whatever the version check says, so
 *   the record of the part that just went out lands in the same step as "published" and survives a
 *   lost race for the caller's retry to find;
 * - 'first': the change happens only while the ledger is still empty, and then writes its first
 *   field (the first part's prepared record), so a worker's claim and the record that makes its
 *   first send safe are one step; {'ledger'} when the ledger has anything in it already.
 * KEYS: post hash, history, old state index, new state index[, ledger hash].
 * ARGV: expected version, new version, record JSON, index member, history entry JSON or ''[, 'set', field, value, … | 'first', field, value].
 * Returns {'ok'}, {'missing'}, {'conflict', current version} or {'ledger'}.
 */
export const writePostScript = new LuaScript(`
if KEYS[5] and ARGV[6] == 'set' then
  for i = 7, #ARGV, 2 do redis.call('HSET', KEYS[5], ARGV[i], ARGV[i + 1]) end
end
local v = redis.call('HGET', KEYS[1], 'version')
if not v then return {'missing'} end
if v ~= ARGV[1] then return {'conflict', v} end
local first = KEYS[5] and ARGV[6] == 'first'
if first and redis.call('EXISTS', KEYS[5]) == 1 then return {'ledger'} end
redis.call('HSET', KEYS[1], 'record', ARGV[3], 'version', ARGV[2])
if KEYS[3] ~= KEYS[4] then
  redis.call('ZREM', KEYS[3], ARGV[4])
  redis.call('ZADD', KEYS[4], 0, ARGV[4])
end
if ARGV[5] ~= '' then redis.call('RPUSH', KEYS[2], ARGV[5]) end
if first then redis.call('HSET', KEYS[5], ARGV[7], ARGV[8]) end
return {'ok'}
`);

/**
 * Creates each post that does not exist yet, with its first history entry and index entries; an
 * existing post is left exactly as it is. The lifecycle holds the article's lock around this, and
 * the post id is fixed per (article, account), so a second copy cannot appear even without it.
 * KEYS: posts:all, then per post: post hash, history, state index, article index.
 * ARGV: per post: index member, record JSON, version, first history entry JSON.
 * Returns one flag per post: 1 created, 0 already there.
 */
export const createMissingPostsScript = new LuaScript(`
local created = {}
local n = (#KEYS - 1) / 4
for i = 0, n - 1 do
  local k = 2 + i * 4
  local a = 1 + i * 4
  if redis.call('EXISTS', KEYS[k]) == 0 then
    redis.call('HSET', KEYS[k], 'record', ARGV[a + 1], 'version', ARGV[a + 2])
    redis.call('RPUSH', KEYS[k + 1], ARGV[a + 3])
    redis.call('ZADD', KEYS[k + 2], 0, ARGV[a])
    redis.call('ZADD', KEYS[k + 3], 0, ARGV[a])
    redis.call('ZADD', KEYS[1], 0, ARGV[a])
    created[#created + 1] = 1
  else
    created[#created + 1] = 0
  end
end
return created
`);
