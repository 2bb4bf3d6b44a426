// Create relationships of one type between two labels from a batch of rows, each with
// all its properties (the loader creates only facts the graph cannot hold yet: one end
// is new, or the key is new between existing ends). Template: __START__, __TYPE__,
// __END__ from the model.
// @param rows list  maps {start, end, props}
UNWIND $rows AS row
MATCH (a:__START__ {id: row.start})
MATCH (b:__END__ {id: row.end})
CREATE (a)-[r:__TYPE__]->(b)
SET r = row.props
