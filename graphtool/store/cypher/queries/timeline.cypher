// The events an actor took part in, directly or through its parts, in date order.
// @param actor string     id of the actor (e.g. tj)
// @param kinds list = []  event kinds kept; empty keeps all
MATCH (x)-[:PART_OF*0..4]->(:Actor|Organisation|Event|Place {id: $actor})
// (the labels a PART_OF chain from a participant can end at, in graphtool/model.py: Neo4j
// then finds the id with its per-label uniqueness indexes)
MATCH (x)-[r:PARTICIPATED_IN]->(e:Event)
WHERE size($kinds) = 0 OR e.kind IN $kinds
RETURN e.date AS date, e.id AS event, e.kind AS kind, e.name AS name,
       collect(DISTINCT x.id + coalesce(' (' + r.role + ')', '')) AS via
ORDER BY date, event
