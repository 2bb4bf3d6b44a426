// Claim the untagged relationships of one type for a dataset. Template: __TYPE__.
// @param name string  the dataset
MATCH ()-[r:__TYPE__]->()
WHERE r.datasets IS NULL
SET r.datasets = [$name]
RETURN count(*) AS tagged
