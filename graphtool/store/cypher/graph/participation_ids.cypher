// Who took part in which event, ids only, as one row of parallel lists (one item per
// participation): much faster to stream than a row per event when a network has
// millions of participations. Measures and trends read this; see participation for
// names, roles and citations. A missing year is -1 and a missing kind '' (collect
// drops nulls, which would misalign the lists).
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
RETURN collect(a.id) AS actors, collect(e.id) AS events,
       collect(coalesce(e.year, -1)) AS years, collect(coalesce(e.kind, '')) AS kinds
