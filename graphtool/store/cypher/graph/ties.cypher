// Direct ties between actors (TIED_TO), one row each, with the tie's properties
// (weight, directed, role, since, note, sources, locators, key). The actor network adds
// their weights to those of the events the two actors shared; ties with an
// organisation at either end are left out, as the actor network holds actors only.
MATCH (a:Actor)-[r:TIED_TO]->(b:Actor)
RETURN a.id AS start, b.id AS end, properties(r) AS props
