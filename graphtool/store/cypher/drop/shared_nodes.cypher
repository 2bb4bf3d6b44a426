// Nodes of one label that the dataset states with others: their stored properties, to
// merge their view again without the dataset's claim. Template: __LABEL__.
// @param name string  the dataset
// @param limit int = 5000  nodes per batch
MATCH (n:__LABEL__)
WHERE $name IN n.datasets AND size(n.datasets) > 1
RETURN n.id AS id, properties(n) AS props
ORDER BY id
LIMIT $limit
