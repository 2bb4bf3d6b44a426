// Which of the given ids already exist in the graph, with their labels (the loader
// asks this for relationship ends and documents its files do not define).
// @param ids list  node ids
MATCH (n)
WHERE n.id IN $ids
RETURN n.id AS id, labels(n) AS labels
