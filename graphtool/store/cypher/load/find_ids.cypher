// Which of the given ids exist as nodes of one label, and which datasets state them
// (the loader asks this for every node its files define or name). Template: __LABEL__
// from the model; one index seek per id.
// @param ids list  node ids
UNWIND $ids AS wanted
MATCH (n:__LABEL__ {id: wanted})
RETURN n.id AS id, n.datasets AS datasets
