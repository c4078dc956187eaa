-- release: delete the lock only if the caller still owns it, then wake the waiters.
-- KEYS[1] lock key; ARGV[1] owner token, ARGV[2] release channel, ARGV[3] message (the lock name).
-- Returns 1 when released, 0 when the lock had already expired or belongs to another owner.
if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('del', KEYS[1])
  redis.call('publish', ARGV[2], ARGV[3])
  return 1
end
return 0
