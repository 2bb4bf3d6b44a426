// Some events, one row each, with their properties and the actors that took part,
// each as [actor id, role, sources, locators] (events no actor took part in are left
// out). The actor network with its events, and the actor-event network, are built
// from these rows. Called with chunks of ids from graph/event_ids, so that no single
// query holds a large network's aggregation in the server's memory.
// @param ids list  event ids
UNWIND $ids AS id
MATCH (e:Event {id: id})
MATCH (a:Actor)-[r:PARTICIPATED_IN]->(e)
RETURN e.id AS id, e.kind AS kind, e.year AS year, properties(e) AS props,
       collect([a.id, r.role, r.sources, r.locators]) AS participants
