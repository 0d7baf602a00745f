// The Lua scripts of the Redis session store. Each touches exactly one key, a person's hash
// `trajectory:{<hmac>}:session`, so they run unchanged on Redis Cluster. Fields:
//   v  version token (compare-and-set)     s  encoded session
//   i  recent update ids, space-separated  u  update id of the outbox
//   o  outbox (encoded replies not yet confirmed sent)
//   w  which process saved the outbox      t  when it was saved (ms)
// A key of another type (a string someone SET by hand) is stored data we can't read, not an
// outage: it reads as empty, and a write with the empty version replaces it.

/** Reads version and session, refreshing the TTL (never reviving a missing key). */
export const READ_SCRIPT = `
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'hash' and kind ~= 'none' then
  return {'', ''}
end
local fields = redis.call('HMGET', KEYS[1], 'v', 's')
if fields[1] or fields[2] then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return fields
`;

/**
 * Claims and reads in one call. ARGV: ttl ms, update id. Returns
 * {'outbox', v, o, w, t} when this update was saved and its outbox is still there;
 * {'done'} when it was seen and its outbox cleared (or replaced by a later turn);
 * {'new', v, s, i, u, o, w} otherwise: the session to run the turn on, and any outbox.
 */
export const DELIVER_READ_SCRIPT = `
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'hash' and kind ~= 'none' then
  return {'new', '', false, '', false, false, false}
end
local f = redis.call('HMGET', KEYS[1], 'v', 's', 'i', 'u', 'o', 'w', 't')
if f[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
if f[4] == ARGV[2] and f[5] then
  return {'outbox', f[1], f[5], f[6] or '', f[7] or '0'}
end
if f[3] and string.find(' ' .. f[3] .. ' ', ' ' .. ARGV[2] .. ' ', 1, true) then
  return {'done'}
end
return {'new', f[1] or '', f[2], f[3] or '', f[4], f[5], f[6]}
`;

// The compare of both compare-and-set scripts (ARGV[1]: the version the caller read): a key of
// another type is replaced only by a write that read it as empty; otherwise the stored version
// must still be the one read, or the script returns 0 (conflict).
const EXPECTED_VERSION = `
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'hash' and kind ~= 'none' then
  if ARGV[1] ~= '' then
    return 0
  end
  redis.call('DEL', KEYS[1])
end
local current = redis.call('HGET', KEYS[1], 'v') or ''
if current ~= ARGV[1] then
  return 0
end`;

/**
 * Compare-and-set of session only (turns without an update id). ARGV: expected version, new
 * version, 'set' or 'delete', encoded session, ttl ms. Returns 1 on success, 0 on conflict.
 */
export const SWAP_SCRIPT = `
${EXPECTED_VERSION}
if ARGV[3] == 'delete' then
  redis.call('DEL', KEYS[1])
  return 1
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 's', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`;

/**
 * Compare-and-set of session, recent ids and outbox together; the new outbox replaces the old
 * one, which is how a confirmed outbox gets cleared for free by the next turn. ARGV: expected
 * version, new version, 'set' or 'delete', encoded session, ttl ms, ids, update id, outbox,
 * owner, now ms. 'delete' drops the session but keeps ids and outbox (at most a day), so a
 * redelivered "yes, forget me" is still answered once. Returns 1 on success, 0 on conflict.
 */
export const DELIVER_WRITE_SCRIPT = `
${EXPECTED_VERSION}
local ttl = tonumber(ARGV[5])
if ARGV[3] == 'delete' then
  redis.call('HDEL', KEYS[1], 's')
  if ttl > 86400000 then
    ttl = 86400000
  end
else
  redis.call('HSET', KEYS[1], 's', ARGV[4])
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'i', ARGV[6], 'u', ARGV[7], 'o', ARGV[8], 'w', ARGV[9], 't', ARGV[10])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
`;

/**
 * Takes over an outbox whose owner stopped answering. ARGV: expected version, new version,
 * owner, now ms. Returns 1 on success, 0 when someone else wrote first.
 */
export const TAKE_OVER_SCRIPT = `
if redis.call('TYPE', KEYS[1])['ok'] ~= 'hash' then
  return 0
end
if (redis.call('HGET', KEYS[1], 'v') or '') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'w', ARGV[3], 't', ARGV[4])
return 1
`;

/** Clears the outbox of one update once its replies were sent. ARGV: update id. */
export const CLEAR_SCRIPT = `
if redis.call('TYPE', KEYS[1])['ok'] ~= 'hash' then
  return 0
end
if redis.call('HGET', KEYS[1], 'u') ~= ARGV[1] then
  return 0
end
redis.call('HDEL', KEYS[1], 'u', 'o', 'w', 't')
return 1
`;

/**
 * Decides whether a write that timed out landed. ARGV: the version it expected, the version
 * it would have set, a fresh fence version, ttl ms. Returns 1 if it landed; otherwise 0, and
 * if nobody else wrote either, bumps the version to the fence so the lost write can never land
 * later (a delayed command would fail its compare).
 */
export const READ_BACK_SCRIPT = `
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'hash' and kind ~= 'none' then
  return 0
end
local current = redis.call('HGET', KEYS[1], 'v') or ''
if current == ARGV[2] then
  return 1
end
if current == ARGV[1] then
  redis.call('HSET', KEYS[1], 'v', ARGV[3])
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
end
return 0
`;
