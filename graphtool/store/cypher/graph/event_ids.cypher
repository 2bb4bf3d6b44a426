// Ids of the events in a time window and of some kinds, as one list (the detailed
// projection then reads them in chunks with graph/participation).
// @param start int = null  first year kept (inclusive); null: no lower bound
// @param end int = null  last year kept (inclusive); null: no upper bound
// @param eventKinds list = []  event kinds kept; empty keeps every kind
// @param datasets list = []  datasets kept (an event one of them states); empty keeps all
MATCH (e:Event)
WHERE ($start IS NULL OR e.year >= $start)
  AND ($end IS NULL OR e.year <= $end)
  AND (size($eventKinds) = 0 OR e.kind IN $eventKinds)
  AND (size($datasets) = 0 OR any(d IN e.datasets WHERE d IN $datasets))
RETURN collect(e.id) AS ids
