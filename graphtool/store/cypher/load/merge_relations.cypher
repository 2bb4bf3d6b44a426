// Create or update relationships of one type between two labels from a batch of
// rows: MERGE on the fact's key, then set its properties (template: __START__,
// __TYPE__ and __END__ from the model).
// @param rows list  maps {start, end, key, props}
UNWIND $rows AS row
MATCH (a:__START__ {id: row.start})
MATCH (b:__END__ {id: row.end})
MERGE (a)-[r:__TYPE__ {key: row.key}]->(b)
SET r += row.props
