// Nodes with some labels, with their properties.
// @param labels list  labels kept (from graphtool.model)
MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $labels)
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props
