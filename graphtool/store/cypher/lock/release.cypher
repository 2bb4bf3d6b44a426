// Release the write lock this process holds.
// @param owner string  the holder's token
MATCH (l:WriteLock {id: 'graph', owner: $owner})
DELETE l
