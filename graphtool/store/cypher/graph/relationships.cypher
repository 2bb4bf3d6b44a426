// Relationships of some types, with their properties (the raw graph and memberships).
// @param types list  relationship types kept (from graphtool.model)
MATCH (a)-[r]->(b)
WHERE type(r) IN $types
RETURN a.id AS start, type(r) AS type, b.id AS end, properties(r) AS props
