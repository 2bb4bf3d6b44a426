// Number of nodes per label and kind (nodes without a kind are left out).
MATCH (n)
WHERE n.kind IS NOT NULL
UNWIND labels(n) AS label
RETURN label, n.kind AS kind, count(*) AS count
ORDER BY label, kind
