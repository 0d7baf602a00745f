// The Lua scripts of the Redis session store. Each touches exactly one key, a person's hash
// `trajectory:{<hmac>}:session`, so they run unchanged on Redis Cluster. Fields:
//   v  version token (compare-and-set)     s  encoded session
//   i  recent update ids, space-separated (turns and claimed notices alike)
//   u  the outbox's header: '<owner> <saved at, ms base 36> <update id> …', the ids whose
//      replies it holds, oldest first; owner '-' means a send failed and nobody is sending it
//   o  the outbox: one encoded reply list per held id, joined by U+001E
// Every field is small and there are only five, because a hash too big for Redis's compact
// encoding pays some fifty bytes of bookkeeping per field.
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
 * {'outbox', v, o, u} when this update's replies are still held in the outbox;
 * {'done'} when it was seen and its replies are no longer held (sent, or it had none);
 * {'new', v, s, i, u, o} otherwise: the session to run the turn on, and any outbox.
 */
export const DELIVER_READ_SCRIPT = `
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'hash' and kind ~= 'none' then
  return {'new', '', false, '', false, false}
end
local f = redis.call('HMGET', KEYS[1], 'v', 's', 'i', 'u', 'o')
if f[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local needle = ' ' .. ARGV[2] .. ' '
if f[4] and f[5] then
  local held = string.match(f[4], '^%S+ %S+ (.*)$')
  if held and string.find(' ' .. held .. ' ', needle, 1, true) then
    return {'outbox', f[1], f[5], f[4]}
  end
end
if f[3] and string.find(' ' .. f[3] .. ' ', needle, 1, true) then
  return {'done'}
end
return {'new', f[1] or '', f[2], f[3] or '', f[4], f[5]}
`;

// The compare of every compare-and-set script (ARGV[1]: the version the caller read): a key of
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
 * one, which is how a confirmed outbox gets cleared for free by the next turn (an unsent one is
 * carried into the new outbox by the caller). ARGV: expected version, new version, 'set' or
 * 'delete', encoded session, ttl ms, ids, outbox header, outbox. 'delete' drops the session but
 * keeps ids and outbox (at most a day), so a redelivered "yes, forget me" is still answered
 * once. Returns 1 on success, 0 on conflict.
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
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'i', ARGV[6], 'u', ARGV[7], 'o', ARGV[8])
-- Owner and time had fields of their own before the header held them.
redis.call('HDEL', KEYS[1], 'w', 't')
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
`;

/**
 * Records an update that needs no turn (a notice, a pointer) among the recent ids, so a
 * redelivery is recognised. ARGV: ttl ms, update id, new version, how many ids to keep.
 * Returns 1 if the id is new, 0 if it was seen. The version changes, so a turn that read the
 * ids before this claim re-reads them instead of overwriting it. A person with no session
 * gets a hash of ids alone, kept at most a day.
 */
export const CLAIM_SCRIPT = `
local kind = redis.call('TYPE', KEYS[1])['ok']
if kind ~= 'hash' and kind ~= 'none' then
  return 1
end
local recent = redis.call('HGET', KEYS[1], 'i') or ''
if string.find(' ' .. recent .. ' ', ' ' .. ARGV[2] .. ' ', 1, true) then
  return 0
end
local ids = {}
for id in string.gmatch(recent, '%S+') do
  ids[#ids + 1] = id
end
ids[#ids + 1] = ARGV[2]
local keep = tonumber(ARGV[4])
while #ids > keep do
  table.remove(ids, 1)
end
local ttl = tonumber(ARGV[1])
if redis.call('HEXISTS', KEYS[1], 's') == 0 and ttl > 86400000 then
  ttl = 86400000
end
redis.call('HSET', KEYS[1], 'i', table.concat(ids, ' '), 'v', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ttl)
return 1
`;

/**
 * Takes over an outbox whose owner stopped answering, or that nobody is sending. ARGV:
 * expected version, new version, new outbox header. Returns 1 on success, 0 when someone else
 * wrote first.
 */
export const TAKE_OVER_SCRIPT = `
if redis.call('TYPE', KEYS[1])['ok'] ~= 'hash' then
  return 0
end
if (redis.call('HGET', KEYS[1], 'v') or '') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[2], 'u', ARGV[3])
return 1
`;

// The ids an outbox header holds must still be the ones the caller knows (ARGV[1]).
const SAME_OUTBOX = `
if redis.call('TYPE', KEYS[1])['ok'] ~= 'hash' then
  return 0
end
local header = redis.call('HGET', KEYS[1], 'u')
if not header or string.match(header, '^%S+ %S+ (.*)$') ~= ARGV[1] then
  return 0
end`;

/** Clears an outbox once its replies were sent. ARGV: the update ids it holds. */
export const CLEAR_SCRIPT = `
${SAME_OUTBOX}
redis.call('HDEL', KEYS[1], 'u', 'o')
return 1
`;

/**
 * Marks an outbox as not being sent (its send failed), so the next process to see it sends or
 * carries it at once instead of waiting out its owner's lease. ARGV: the update ids it holds.
 */
export const RELEASE_SCRIPT = `
${SAME_OUTBOX}
redis.call('HSET', KEYS[1], 'u', '- ' .. string.match(header, '^%S+ (.*)$'))
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
