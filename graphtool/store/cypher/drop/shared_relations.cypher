// Relationships of one type between two labels that the dataset states with others:
// their ends and stored properties. Template: __START__, __TYPE__, __END__.
// @param name string  the dataset
// @param limit int = 5000  relationships per batch
MATCH (a:__START__)-[r:__TYPE__]->(b:__END__)
WHERE $name IN r.datasets AND size(r.datasets) > 1
RETURN a.id AS start, b.id AS end, r.key AS key, properties(r) AS props
ORDER BY start, end, key
LIMIT $limit
