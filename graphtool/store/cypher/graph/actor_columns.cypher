// Every actor as one row of parallel lists (id, kind, name, aliases, and the datasets
// that state it with their claims): what the projections for measuring need of an
// actor. Tens of thousands of actors stream much faster as a few lists than as a map
// each (graph/actors, which the detailed projections read). Missing values are '' or
// [] so that the lists stay aligned (collect drops nulls).
MATCH (a:Actor)
RETURN collect(a.id) AS ids, collect(coalesce(a.kind, '')) AS kinds,
       collect(coalesce(a.name, a.id)) AS names, collect(coalesce(a.aliases, [])) AS aliases,
       collect(coalesce(a.datasets, [])) AS datasets, collect(coalesce(a.datasetClaims, [])) AS claims
