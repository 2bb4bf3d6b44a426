// The events an actor took part in, directly or through its parts and office-holders (a
// state: also the companies based in it), in date order. Each participation says who
// and in which role, and "[inferred]" when it is deduced, not stated by the cited passage.
// @param actor string     id of the actor (e.g. tj)
// @param kinds list = []  event kinds kept; empty keeps all
MATCH (a:Actor|Organisation|Event|Place {id: $actor})
// (the labels a PART_OF chain from a participant can end at, in graphtool/model.py: Neo4j
// then finds the id with its per-label uniqueness indexes)
OPTIONAL MATCH (x)-[:PART_OF|HOLDS*0..4]->(a)
WITH a, collect(DISTINCT x) AS parts
OPTIONAL MATCH (c:Actor {kind: 'company'})-[:LOCATED_IN]->(a)
WITH parts, collect(DISTINCT c) AS companies
WITH parts + companies AS parts
UNWIND parts AS x
MATCH (x)-[r:PARTICIPATED_IN]->(e:Event)
WHERE size($kinds) = 0 OR e.kind IN $kinds
RETURN e.date AS date, e.id AS event, e.kind AS kind, e.name AS name,
       collect(DISTINCT x.id + coalesce(' (' + r.role + ')', '')
               + CASE WHEN r.inferred THEN ' [inferred]' ELSE '' END) AS via
ORDER BY date, event
