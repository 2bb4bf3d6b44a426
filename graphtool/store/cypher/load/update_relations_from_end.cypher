// Replace the properties of existing relationships, like load/update_relations, with the
// pattern written from its end node (chosen when the batch's start nodes are hubs, see
// load/relation_props_from_end). Template: __START__, __TYPE__, __END__.
// @param rows list  maps {start, end, key, props}
UNWIND $rows AS row
MATCH (b:__END__ {id: row.end})<-[r:__TYPE__ {key: row.key}]-(a:__START__ {id: row.start})
SET r = row.props
