// What two states discussed: the meetings (and other talks) where both took part,
// through any of their agencies, offices and office-holders (or companies based in
// them), with the topics of each.
// @param a string         id of one state (e.g. kg)
// @param b string         id of the other (e.g. cn)
// @param kinds list = ["meeting","summit","conference","exchange","agreement","statement"]  event kinds kept
// @param start int = null first year kept (inclusive)
// @param end int = null   last year kept (inclusive)
// @param inferred bool = false  count inferred participations too
MATCH (sa:Actor|Organisation|Event|Place {id: $a})
// (the labels a PART_OF chain from a participant can end at, in graphtool/model.py: Neo4j
// then finds the id with its per-label uniqueness indexes)
MATCH (sb:Actor|Organisation|Event|Place {id: $b})
OPTIONAL MATCH (x)-[:PART_OF|HOLDS*0..4]->(sa)
WITH sa, sb, collect(DISTINCT x) AS parts
OPTIONAL MATCH (c:Actor {kind: 'company'})-[:LOCATED_IN]->(sa)
WITH sb, parts, collect(DISTINCT c) AS companies
WITH sb, parts + companies AS parts
UNWIND parts AS x
MATCH (x)-[rx:PARTICIPATED_IN]->(e:Event)<-[ry:PARTICIPATED_IN]-(y)
WHERE e.kind IN $kinds
  AND ($start IS NULL OR e.year >= $start)
  AND ($end IS NULL OR e.year <= $end)
  AND ($inferred OR ((rx.inferred IS NULL OR NOT rx.inferred) AND (ry.inferred IS NULL OR NOT ry.inferred)))
  AND (EXISTS { (y)-[:PART_OF|HOLDS*0..4]->(sb) } OR EXISTS { (y:Actor {kind: 'company'})-[:LOCATED_IN]->(sb) })
WITH DISTINCT e
OPTIONAL MATCH (e)-[:CONCERNS]->(t:Topic)
WITH e, t ORDER BY t.name
RETURN e.date AS date, e.id AS event, e.kind AS kind, e.summary AS summary,
       collect(t.name) AS topics
ORDER BY date, event
