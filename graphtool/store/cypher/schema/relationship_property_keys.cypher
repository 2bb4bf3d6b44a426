// Property keys of relationships, per type, with the number of relationships that have each.
// Read from the data: the local server's db.propertyKeys() returns nothing.
MATCH ()-[r]->()
UNWIND keys(r) AS key
RETURN type(r) AS type, key, count(*) AS count
ORDER BY type, key
