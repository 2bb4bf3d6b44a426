// Every node's name and aliases, for graphtool extract's gazetteer: one row per node
// with its label and kind, so a report's names can be found without a query per name.
// @param labels list  labels kept (from graphtool.model)
MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $labels)
RETURN n.id AS id, [l IN labels(n) WHERE l IN $labels][0] AS label, n.kind AS kind,
       n.name AS name, coalesce(n.aliases, []) AS aliases
ORDER BY id
