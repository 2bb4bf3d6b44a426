// The stored properties of relationships of one type between two labels, by their ends
// and key (to merge another dataset's claim into them). Template: __START__, __TYPE__,
// __END__ from the model.
// @param rows list  maps {start, end, key}
UNWIND $rows AS row
MATCH (a:__START__ {id: row.start})-[r:__TYPE__ {key: row.key}]->(b:__END__ {id: row.end})
RETURN row.key AS key, properties(r) AS props
