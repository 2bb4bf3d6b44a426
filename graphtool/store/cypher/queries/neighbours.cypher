// Everything a node is directly linked to (citations left out): direction, type,
// role, and the other end.
// @param id string  id of the node (e.g. cn-mps)
MATCH (n {id: $id})-[r]-(m)
WHERE type(r) <> 'CITES'
RETURN CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END AS direction, type(r) AS type,
       r.role AS role, labels(m)[0] AS label, m.id AS id, coalesce(m.name, m.title) AS name
ORDER BY type, direction, id
