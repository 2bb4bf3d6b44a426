// Who took part in events together with an actor, year by year.
// The actor's own agencies, offices and units count as the actor (PART_OF); with
// states = true, partners are rolled up to their state too (cn-mps counts as cn).
// @param actor string        id of the actor (e.g. kg, cn-mps)
// @param start int = null    first year kept (inclusive)
// @param end int = null      last year kept (inclusive)
// @param states bool = false roll partners up to their state
MATCH (a:Actor|Organisation|Event|Place {id: $actor})
// (the labels a PART_OF chain from a participant can end at, in graphtool/model.py: Neo4j
// then finds the id with its per-label uniqueness indexes)
MATCH (x)-[:PART_OF*0..4]->(a)
MATCH (x)-[:PARTICIPATED_IN]->(e:Event)<-[:PARTICIPATED_IN]-(y)
WHERE ($start IS NULL OR e.year >= $start)
  AND ($end IS NULL OR e.year <= $end)
  AND NOT EXISTS { (y)-[:PART_OF*0..4]->(a) }
OPTIONAL MATCH (y)-[:PART_OF*0..4]->(s:Actor {kind: 'state'})
WITH e, CASE WHEN $states THEN coalesce(s, y) ELSE y END AS p
WHERE NOT (p.id = $actor)
RETURN e.year AS year, p.id AS partner, p.name AS name, count(DISTINCT e) AS events
ORDER BY year, events DESC, partner
