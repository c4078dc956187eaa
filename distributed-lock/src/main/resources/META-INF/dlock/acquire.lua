-- acquire: take the lock if it is free and issue the next fencing token, atomically.
-- KEYS[1] lock key, KEYS[2] fencing counter key; ARGV[1] owner token, ARGV[2] lease in ms,
-- ARGV[3] how long the counter outlives its last token, in ms.
-- Returns {1, fencingToken} when acquired, {0, remaining lease in ms} when held by another owner.
-- An owner that already holds the lock gets it again with a fresh lease and a newer token: that is
-- the caller repeating an attempt whose answer it never received (each acquisition has its own
-- random owner, so no one else can match it).
local holder = redis.call('get', KEYS[1])
if holder == ARGV[1] or (not holder and redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2])) then
  if holder then
    redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
  end
  -- The token never goes below the server clock in microseconds, so it keeps rising even when the
  -- counter is gone: lost in a restart without persistence, or expired. Tokens run ahead of that
  -- clock only by the acquisitions of one microsecond, so a counter unused for far longer than that
  -- may expire (one key per lock name would otherwise pile up forever).
  local now = redis.call('time')
  local floor = tonumber(now[1]) * 1000000 + tonumber(now[2])
  local last = tonumber(redis.call('get', KEYS[2]) or '0')
  local token = math.max(last + 1, floor)
  redis.call('set', KEYS[2], string.format('%d', token), 'PX', ARGV[3])
  return {1, token}
end
return {0, redis.call('pttl', KEYS[1])}
