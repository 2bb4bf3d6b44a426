// Show the write lock is still held: a load or drop touches it as it goes.
// @param owner string  the holder's token
// @param touched float  now, in seconds since 1970
MATCH (l:WriteLock {id: 'graph', owner: $owner})
SET l.touched = $touched
