// Update a dataset's record (status, counts, a new name).
// @param name string  the dataset's name
// @param props map  the properties to set
MATCH (d:Dataset {id: $name})
SET d += $props
