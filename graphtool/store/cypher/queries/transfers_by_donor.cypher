// Transfers of equipment or money, grouped by donor: how many, to whom, when.
// @param donor string = null  keep one donor, or the donors of one state (e.g. cn-pla, cn)
// @param start int = null     first year kept (inclusive)
// @param end int = null       last year kept (inclusive)
MATCH (d)-[rd:PARTICIPATED_IN]->(e:Event {kind: 'transfer'})
WHERE rd.role IN ['donor', 'supplier']
  AND ($donor IS NULL OR EXISTS { (d)-[:PART_OF*0..4]->(:Actor|Organisation|Event|Place {id: $donor}) })
// (the labels a PART_OF chain from a participant can end at, in graphtool/model.py: Neo4j
// then finds the id with its per-label uniqueness indexes)
  AND ($start IS NULL OR e.year >= $start)
  AND ($end IS NULL OR e.year <= $end)
OPTIONAL MATCH (r)-[rr:PARTICIPATED_IN]->(e)
WHERE rr.role = 'recipient'
WITH d, e, collect(DISTINCT r.id) AS recipients
UNWIND (CASE WHEN size(recipients) = 0 THEN [null] ELSE recipients END) AS recipient
WITH d, count(DISTINCT e) AS transfers, collect(DISTINCT recipient) AS recipients,
     min(e.year) AS first, max(e.year) AS last
RETURN d.id AS donor, d.name AS name, transfers, recipients, first, last
ORDER BY transfers DESC, donor
