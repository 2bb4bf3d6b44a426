// Take the graph's write lock, or read who holds it: one WriteLock node, made unique by
// its id's constraint, so two loads cannot both create it.
// @param owner string  this process's token
// @param props map  who holds it: owner, pid, host, what, since, touched
MERGE (l:WriteLock {id: 'graph'})
ON CREATE SET l += $props
RETURN l.owner = $owner AS ours, properties(l) AS holder
