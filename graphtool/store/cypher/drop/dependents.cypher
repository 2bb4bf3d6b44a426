// Relationships of other datasets that end at nodes only this dataset states: dropping
// it would leave them hanging. Template: __LABEL__.
// @param name string  the dataset
// @param limit int = 10  how many to show
MATCH (n:__LABEL__)
WHERE n.datasets = [$name]
MATCH (n)-[r]-(m)
WHERE NOT $name IN r.datasets
RETURN n.id AS id, type(r) AS type, m.id AS other, r.datasets AS datasets
LIMIT $limit
