// Delete up to $limit relationships of one type that only the dataset states (between
// nodes that stay). Run until it returns 0. Template: __TYPE__.
// @param name string  the dataset
// @param limit int = 5000  relationships per transaction
MATCH ()-[r:__TYPE__]->()
WHERE r.datasets = [$name]
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS done
