// Transfers of equipment or money, grouped by donor: how many, to whom, when. The
// donors of a state are its agencies, offices and office-holders, and the companies
// based in it (a supplier that sold rather than gave counts as a donor here).
// @param donor string = null  keep one donor, or the donors of one state (e.g. cn-pla, cn)
// @param start int = null     first year kept (inclusive)
// @param end int = null       last year kept (inclusive)
// @param inferred bool = false count inferred participations too
MATCH (d)-[rd:PARTICIPATED_IN]->(e:Event {kind: 'transfer'})
WHERE rd.role IN ['donor', 'supplier']
  AND ($inferred OR rd.inferred IS NULL OR NOT rd.inferred)
  AND ($donor IS NULL OR EXISTS { (d)-[:PART_OF|HOLDS*0..4]->(:Actor|Organisation|Event|Place {id: $donor}) }
       OR EXISTS { (d:Actor {kind: 'company'})-[:LOCATED_IN]->(:Actor {id: $donor}) })
// (the labels a PART_OF chain from a participant can end at, in graphtool/model.py: Neo4j
// then finds the id with its per-label uniqueness indexes)
  AND ($start IS NULL OR e.year >= $start)
  AND ($end IS NULL OR e.year <= $end)
OPTIONAL MATCH (r)-[rr:PARTICIPATED_IN]->(e)
WHERE rr.role = 'recipient' AND ($inferred OR rr.inferred IS NULL OR NOT rr.inferred)
WITH d, e, collect(DISTINCT r.id) AS recipients
UNWIND (CASE WHEN size(recipients) = 0 THEN [null] ELSE recipients END) AS recipient
WITH d, count(DISTINCT e) AS transfers, collect(DISTINCT recipient) AS recipients,
     min(e.year) AS first, max(e.year) AS last
RETURN d.id AS donor, d.name AS name, transfers, recipients, first, last
ORDER BY transfers DESC, donor
