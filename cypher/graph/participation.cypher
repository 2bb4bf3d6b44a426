// Events in a time window and of some kinds, one row each, with the actors that took
// part in them (events no actor took part in are left out). The actor network and
// the actor-event network are built from these rows.
// @param start int = null  first year kept (inclusive); null: no lower bound
// @param end int = null  last year kept (inclusive); null: no upper bound
// @param eventKinds list = []  event kinds kept; empty keeps every kind
// @param details bool = true  also return each event's properties and each role and citation
MATCH (e:Event)
WHERE ($start IS NULL OR e.year >= $start)
  AND ($end IS NULL OR e.year <= $end)
  AND (size($eventKinds) = 0 OR e.kind IN $eventKinds)
MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e)
WITH e, collect(
  CASE WHEN $details THEN [a.id, r.role, r.sources, r.locators] ELSE [a.id] END
) AS participants
RETURN e.id AS id, e.kind AS kind, e.year AS year,
       CASE WHEN $details THEN properties(e) ELSE null END AS props,
       participants
