// How many relationships of one type only the dataset states (what dropping it removes).
// Template: __TYPE__.
// @param name string  the dataset
MATCH ()-[r:__TYPE__]->()
WHERE r.datasets = [$name]
RETURN count(r) AS n
