// Number of nodes per label (for 'graphtool schema', 'graphtool stats' and load reports).
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
