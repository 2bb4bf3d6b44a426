// Everything a node is directly linked to (citations left out): direction, type,
// role, and the other end.
// @param id string  id of the node (e.g. cn-mps)
MATCH (n:Actor|Organisation|Event|Place|Topic|Claim|Source {id: $id})-[r]-(m)
// (every label of graphtool/model.py: Neo4j then finds the id with its per-label uniqueness
// indexes)
WHERE type(r) <> 'CITES'
RETURN CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction, type(r) AS type,
       r.role AS role, labels(m)[0] AS label, m.id AS id, coalesce(m.name, m.title) AS name
ORDER BY type, direction, id
