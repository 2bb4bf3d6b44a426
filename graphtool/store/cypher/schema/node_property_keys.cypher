// Property keys of nodes, per label, with the number of nodes that have each.
// Read from the data: the local server's db.propertyKeys() returns nothing.
MATCH (n)
UNWIND labels(n) AS label
UNWIND keys(n) AS key
RETURN label, key, count(*) AS count
ORDER BY label, key
