// Whether the graph holds facts of one label that no dataset claims (loaded by graphtool
// 0.1, before datasets existed). Template: __LABEL__.
MATCH (n:__LABEL__)
WHERE n.datasets IS NULL
RETURN count(n) > 0 AS any
