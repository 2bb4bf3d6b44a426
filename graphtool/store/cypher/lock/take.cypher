// Take over a write lock whose holder is gone (its process ended, or it stopped
// touching the lock long ago).
// @param stale string  the dead holder's token
// @param props map  the new holder
MATCH (l:WriteLock {id: 'graph', owner: $stale})
SET l += $props
RETURN l.owner AS owner
