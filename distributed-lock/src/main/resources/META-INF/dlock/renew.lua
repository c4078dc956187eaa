-- renew: extend the lease only if the caller still owns the lock.
-- KEYS[1] lock key; ARGV[1] owner token, ARGV[2] lease in ms.
-- Returns 1 when extended, 0 when the lock was lost (expired or taken by another owner).
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
