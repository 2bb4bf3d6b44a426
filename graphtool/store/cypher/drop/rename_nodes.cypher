// Rename a dataset in up to $limit facts of one label that it states (a reload's new
// version takes the name of the one it replaced). Run until it returns 0. Template:
// __LABEL__.
// @param from_name string  the name now
// @param to_name string  the name after
// @param limit int = 5000  facts per transaction
MATCH (n:__LABEL__)
WHERE $from_name IN n.datasets
WITH n LIMIT $limit
SET n.datasets = [d IN n.datasets | CASE WHEN d = $from_name THEN $to_name ELSE d END]
RETURN count(*) AS done
