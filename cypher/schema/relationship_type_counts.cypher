// Number of relationships per type (for 'graphtool schema').
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
