// Number of relationships per type (for 'graphtool schema', 'graphtool stats' and load reports).
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
