// The topics two states discussed, with how many of their meetings (and other talks)
// concerned each, and the first and last year.
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
MATCH (e)-[:CONCERNS]->(t:Topic)
RETURN t.id AS topic, t.name AS name, count(e) AS events, min(e.year) AS first, max(e.year) AS last
ORDER BY events DESC, topic
