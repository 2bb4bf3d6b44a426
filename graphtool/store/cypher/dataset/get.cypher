// One dataset's record (name, status, files, counts, when loaded), if it exists.
// @param name string  the dataset's name
MATCH (d:Dataset {id: $name})
RETURN properties(d) AS props
