// Create or update relationships of one type between two labels from a batch of
// rows, like load/merge_relations, with the MERGE pattern written from its end node.
// The same statement in Cypher's meaning; the loader picks it when the end nodes have
// fewer relationships than the start nodes, because the local server (ArcadeDB) checks
// a MERGE by scanning the relationships of the pattern's first node, which is slow at a
// hub (a state in thousands of events). Template: __START__, __TYPE__ and __END__.
// @param rows list  maps {start, end, key, props}
UNWIND $rows AS row
MATCH (a:__START__ {id: row.start})
MATCH (b:__END__ {id: row.end})
MERGE (b)<-[r:__TYPE__ {key: row.key}]-(a)
SET r += row.props
