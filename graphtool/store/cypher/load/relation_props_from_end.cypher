// The stored properties of relationships of one type between two labels, like
// load/relation_props, with the pattern written from its end node. The same statement
// in Cypher's meaning; the loader picks it when the batch's start nodes are hubs,
// because the local server (ArcadeDB) matches a relationship by scanning the
// relationships of the pattern's first node. Template: __START__, __TYPE__, __END__.
// @param rows list  maps {start, end, key}
UNWIND $rows AS row
MATCH (b:__END__ {id: row.end})<-[r:__TYPE__ {key: row.key}]-(a:__START__ {id: row.start})
RETURN row.key AS key, properties(r) AS props
