// Rename a dataset in up to $limit relationships of one type that it states. Run until
// it returns 0. Template: __TYPE__.
// @param from_name string  the name now
// @param to_name string  the name after
// @param limit int = 5000  relationships per transaction
MATCH ()-[r:__TYPE__]->()
WHERE $from_name IN r.datasets
WITH r LIMIT $limit
SET r.datasets = [d IN r.datasets | CASE WHEN d = $from_name THEN $to_name ELSE d END]
RETURN count(*) AS done
