// Replace the properties of existing relationships of one type between two labels
// (their merged view, datasets and claims). Template: __START__, __TYPE__, __END__.
// @param rows list  maps {start, end, key, props}
UNWIND $rows AS row
MATCH (a:__START__ {id: row.start})-[r:__TYPE__ {key: row.key}]->(b:__END__ {id: row.end})
SET r = row.props
