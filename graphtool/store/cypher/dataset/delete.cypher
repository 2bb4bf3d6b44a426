// Remove a dataset's record (after its facts were dropped).
// @param name string  the dataset's name
MATCH (d:Dataset {id: $name})
DELETE d
