// Nodes and relationships that cite no document (should be none: every fact in a
// graphtool graph is cited). Documents themselves are left out, and so are graphtool's
// records of its datasets.
MATCH (n)
WHERE NOT n:Source AND NOT n:Dataset AND NOT n:WriteLock
  AND (n.sources IS NULL OR size(n.sources) = 0 OR NOT EXISTS { (n)-[:CITES]->(:Source) })
RETURN 'node' AS what, labels(n)[0] AS labelOrType, n.id AS id
UNION ALL
MATCH (a)-[r]->(b)
WHERE type(r) <> 'CITES' AND (r.sources IS NULL OR size(r.sources) = 0)
RETURN 'relationship' AS what, type(r) AS labelOrType, a.id + ' -> ' + b.id AS id
