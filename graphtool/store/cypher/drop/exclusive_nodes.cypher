// Delete up to $limit nodes of one label that only the dataset states, with their
// relationships (the loader has checked no other dataset's relationship needs them).
// Run until it returns 0. Template: __LABEL__.
// @param name string  the dataset
// @param limit int = 5000  nodes per transaction
MATCH (n:__LABEL__)
WHERE n.datasets = [$name]
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS done
