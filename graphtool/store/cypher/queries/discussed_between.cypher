// What two states discussed: the meetings (and other talks) where both took part,
// through any of their agencies and offices, with the topics of each.
// @param a string         id of one state (e.g. kg)
// @param b string         id of the other (e.g. cn)
// @param kinds list = ["meeting","summit","conference","exchange","agreement","statement"]  event kinds kept
// @param start int = null first year kept (inclusive)
// @param end int = null   last year kept (inclusive)
MATCH (sa:Actor|Organisation|Event|Place {id: $a})
// (the labels a PART_OF chain from a participant can end at, in graphtool/model.py: Neo4j
// then finds the id with its per-label uniqueness indexes)
MATCH (sb:Actor|Organisation|Event|Place {id: $b})
MATCH (x)-[:PART_OF*0..4]->(sa)
MATCH (x)-[:PARTICIPATED_IN]->(e:Event)<-[:PARTICIPATED_IN]-(y)
WHERE e.kind IN $kinds
  AND ($start IS NULL OR e.year >= $start)
  AND ($end IS NULL OR e.year <= $end)
  AND EXISTS { (y)-[:PART_OF*0..4]->(sb) }
WITH DISTINCT e
OPTIONAL MATCH (e)-[:CONCERNS]->(t:Topic)
WITH e, t ORDER BY t.name
RETURN e.date AS date, e.id AS event, e.kind AS kind, e.summary AS summary,
       collect(t.name) AS topics
ORDER BY date, event
