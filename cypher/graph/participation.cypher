// Events in a time window and of some kinds, one row each, with their properties and
// the actors that took part, each as [actor id, role, sources, locators] (events no
// actor took part in are left out). The actor network with its events, and the
// actor-event network, are built from these rows.
// @param start int = null  first year kept (inclusive); null: no lower bound
// @param end int = null  last year kept (inclusive); null: no upper bound
// @param eventKinds list = []  event kinds kept; empty keeps every kind
MATCH (e:Event)
WHERE ($start IS NULL OR e.year >= $start)
  AND ($end IS NULL OR e.year <= $end)
  AND (size($eventKinds) = 0 OR e.kind IN $eventKinds)
MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e)
RETURN e.id AS id, e.kind AS kind, e.year AS year, properties(e) AS props,
       collect([a.id, r.role, r.sources, r.locators]) AS participants
