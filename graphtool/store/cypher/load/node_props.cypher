// The stored properties of nodes of one label, by id (to merge another dataset's claim
// into them). Template: __LABEL__ from the model.
// @param ids list  node ids
UNWIND $ids AS wanted
MATCH (n:__LABEL__ {id: wanted})
RETURN n.id AS id, properties(n) AS props
