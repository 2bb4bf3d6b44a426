// Delete up to $limit nodes with their relationships; run until it returns 0 to
// empty the graph in bounded transactions.
// @param limit int = 10000  nodes per transaction
MATCH (n)
WITH n LIMIT $limit
DETACH DELETE n
RETURN count(*) AS deleted
