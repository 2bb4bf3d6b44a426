// Some events, one row each, with their properties and the actors that took part,
// each as [actor id, role, sources, locators] (events no actor took part in are left
// out). The actor network with its events, and the actor-event network, are built
// from these rows. Called with chunks of ids from graph/event_ids, so that no single
// query holds a large network's aggregation in the server's memory.
// Each participation also carries its datasets and claims, so that a selection of
// datasets sees the citations those datasets give. Participations marked inferred
// (deduced, not stated by the cited passage) are left out unless $inferred.
// @param ids list  event ids
// @param datasets list = []  datasets kept (participations one of them states); empty keeps all
// @param inferred bool = false  keep inferred participations too
UNWIND $ids AS id
MATCH (e:Event {id: id})
MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e)
WHERE (size($datasets) = 0 OR any(d IN r.datasets WHERE d IN $datasets))
  AND ($inferred OR r.inferred IS NULL OR NOT r.inferred)
RETURN e.id AS id, e.kind AS kind, e.year AS year, properties(e) AS props,
       collect([a.id, r.role, r.sources, r.locators, r.datasets, r.datasetClaims]) AS participants
