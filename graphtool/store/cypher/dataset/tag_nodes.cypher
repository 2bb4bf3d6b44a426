// Claim the untagged facts of one label for a dataset (graphtool 0.1's data).
// Template: __LABEL__.
// @param name string  the dataset
MATCH (n:__LABEL__)
WHERE n.datasets IS NULL
SET n.datasets = [$name]
RETURN count(*) AS tagged
