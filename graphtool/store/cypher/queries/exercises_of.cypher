// The exercises a state (or any actor) took part in, directly or through its
// agencies and units, with who took part for it and the other states there.
// @param state string  id of the state (e.g. kg)
MATCH (s:Actor|Organisation|Event|Place {id: $state})
// (the labels a PART_OF chain from a participant can end at, in graphtool/model.py: Neo4j
// then finds the id with its per-label uniqueness indexes)
MATCH (x)-[:PART_OF*0..4]->(s)
MATCH (x)-[:PARTICIPATED_IN]->(e:Event {kind: 'exercise'})
WITH s, e, x ORDER BY x.id
WITH s, e, collect(DISTINCT x.id) AS via
OPTIONAL MATCH (y)-[:PARTICIPATED_IN]->(e)
OPTIONAL MATCH (y)-[:PART_OF*0..4]->(o:Actor {kind: 'state'})
WITH s, e, via, CASE WHEN o <> s THEN o.id END AS other ORDER BY other
WITH e, via, collect(DISTINCT other) AS withStates
RETURN e.date AS date, e.id AS event, e.name AS name, e.size AS size, via, withStates
ORDER BY date, event
