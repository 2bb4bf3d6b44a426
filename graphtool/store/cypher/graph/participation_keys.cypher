// Who took part in which event, as one row of two parallel lists (one item per
// participation): the actor's id and the event's element id, a key that groups the
// participations of one event within this statement and is never kept or compared
// across statements. The actor network for measuring reads this when no country is
// given: it needs only which actors met at which event, and an element id costs the
// server much less than reading each event's id property once per participation.
// Window, event kinds, datasets and inferred participations as in participation_ids.
// @param start int = null  first year kept (inclusive); null: no lower bound
// @param end int = null  last year kept (inclusive); null: no upper bound
// @param eventKinds list = []  event kinds kept; empty keeps every kind
// @param datasets list = []  datasets kept (what one of them states); empty keeps all
// @param inferred bool = false  keep inferred participations too (left out by default)
MATCH (e:Event)
WHERE ($start IS NULL OR e.year >= $start)
  AND ($end IS NULL OR e.year <= $end)
  AND (size($eventKinds) = 0 OR e.kind IN $eventKinds)
  AND (size($datasets) = 0 OR any(d IN e.datasets WHERE d IN $datasets))
MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e)
WHERE (size($datasets) = 0 OR any(d IN r.datasets WHERE d IN $datasets))
  AND ($inferred OR r.inferred IS NULL OR NOT r.inferred)
RETURN collect(a.id) AS actors, collect(elementId(e)) AS events
