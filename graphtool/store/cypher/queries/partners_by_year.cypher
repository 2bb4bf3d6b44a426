// Who took part in events together with an actor, year by year.
// The actor's own agencies, offices, units and office-holders count as the actor (a
// state: also the companies based in it); with states = true, partners are rolled up to
// their state the same way (cn-mps counts as cn). Inferred participations are left out
// unless $inferred.
// @param actor string        id of the actor (e.g. kg, cn-mps)
// @param start int = null    first year kept (inclusive)
// @param end int = null      last year kept (inclusive)
// @param states bool = false roll partners up to their state
// @param inferred bool = false count inferred participations too
MATCH (a:Actor|Organisation|Event|Place {id: $actor})
// (the labels a PART_OF chain from a participant can end at, in graphtool/model.py: Neo4j
// then finds the id with its per-label uniqueness indexes)
OPTIONAL MATCH (x)-[:PART_OF|HOLDS*0..4]->(a)
WITH a, collect(DISTINCT x) AS parts
OPTIONAL MATCH (c:Actor {kind: 'company'})-[:LOCATED_IN]->(a)
WITH parts, collect(DISTINCT c) AS companies
WITH parts + companies AS parts
UNWIND parts AS x
MATCH (x)-[rx:PARTICIPATED_IN]->(e:Event)<-[ry:PARTICIPATED_IN]-(y)
WHERE ($start IS NULL OR e.year >= $start)
  AND ($end IS NULL OR e.year <= $end)
  AND NOT y IN parts
  AND ($inferred OR ((rx.inferred IS NULL OR NOT rx.inferred) AND (ry.inferred IS NULL OR NOT ry.inferred)))
OPTIONAL MATCH (y)-[:PART_OF|HOLDS*0..4]->(s:Actor {kind: 'state'})
OPTIONAL MATCH (y:Actor {kind: 'company'})-[:LOCATED_IN]->(sc:Actor {kind: 'state'})
WITH e, CASE WHEN $states THEN coalesce(s, sc, y) ELSE y END AS p
WHERE NOT (p.id = $actor)
RETURN e.year AS year, p.id AS partner, p.name AS name, count(DISTINCT e) AS events
ORDER BY year, events DESC, partner
