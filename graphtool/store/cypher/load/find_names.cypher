// Nodes of one label that a name in a table's cell may mean: those whose id, name or an
// alias is one of the given names, in any case (the table loader binds participants and
// places to the graph's nodes with it). One scan of the label per load, not one per
// name. Template: __LABEL__ from the model.
// @param names list  the names, in lower case
MATCH (n:__LABEL__)
WHERE toLower(n.id) IN $names OR toLower(n.name) IN $names
   OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) IN $names)
RETURN n.id AS id, n.name AS name, coalesce(n.aliases, []) AS aliases, n.datasets AS datasets
ORDER BY id
