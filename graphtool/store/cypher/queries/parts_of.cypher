// The agencies, offices and units of a state (or of an agency), as a tree:
// each part with its depth and the node it is part of.
// @param id string  id of the state or agency (e.g. kg)
MATCH p = (x)-[:PART_OF*1..4]->(top:Actor|Organisation|Event|Place {id: $id})
// (the labels a PART_OF relationship can end at, in graphtool/model.py: Neo4j then finds
// the id with its per-label uniqueness indexes)
WITH x, min(length(p)) AS depth
MATCH (x)-[:PART_OF]->(parent)
RETURN depth, x.id AS id, x.name AS name, x.kind AS kind, parent.id AS partOf
ORDER BY depth, partOf, id
