// The exercises a state (or any actor) took part in, directly or through its agencies,
// units and office-holders (a company: through the state it is based in), with who took
// part for it, the other states that took part and the states that only observed.
// An observer does not count as taking part: an exercise the state only observed is
// not listed. Inferred participations (deduced, not stated by the cited passage, such as
// a participant taken from the row above in a table) are left out unless $inferred.
// @param state string  id of the state (e.g. kg)
// @param inferred bool = false  count inferred participations too
MATCH (s:Actor|Organisation|Event|Place {id: $state})
// (the labels a PART_OF chain from a participant can end at, in graphtool/model.py: Neo4j
// then finds the id with its per-label uniqueness indexes)
OPTIONAL MATCH (x)-[:PART_OF|HOLDS*0..4]->(s)
WITH s, collect(DISTINCT x) AS parts
OPTIONAL MATCH (c:Actor {kind: 'company'})-[:LOCATED_IN]->(s)
WITH s, parts, collect(DISTINCT c) AS companies
WITH s, parts + companies AS parts
UNWIND parts AS x
MATCH (x)-[r:PARTICIPATED_IN]->(e:Event {kind: 'exercise'})
WHERE coalesce(r.role, '') <> 'observer' AND ($inferred OR r.inferred IS NULL OR NOT r.inferred)
WITH s, e, x ORDER BY x.id
WITH s, e, collect(DISTINCT x.id) AS via
OPTIONAL MATCH (y)-[ry:PARTICIPATED_IN]->(e)
WHERE $inferred OR ry.inferred IS NULL OR NOT ry.inferred
OPTIONAL MATCH (y)-[:PART_OF|HOLDS*0..4]->(o:Actor {kind: 'state'})
OPTIONAL MATCH (y:Actor {kind: 'company'})-[:LOCATED_IN]->(oc:Actor {kind: 'state'})
WITH s, e, via, coalesce(ry.role, '') AS role, coalesce(o, oc) AS o
WITH e, via,
     CASE WHEN o <> s AND role <> 'observer' THEN o.id END AS other,
     CASE WHEN o <> s AND role = 'observer' THEN o.id END AS watcher
ORDER BY other, watcher
WITH e, via, collect(DISTINCT other) AS withStates, collect(DISTINCT watcher) AS watchers
RETURN e.date AS date, e.id AS event, e.name AS name, e.size AS size, via, withStates,
       [w IN watchers WHERE NOT w IN withStates] AS observers
ORDER BY date, event
