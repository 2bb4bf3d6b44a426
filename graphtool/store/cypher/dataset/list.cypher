// Every dataset's record, by name.
MATCH (d:Dataset)
RETURN properties(d) AS props
ORDER BY d.id
