// The shortest chain of facts linking two nodes (citations and topics left out).
// Nothing is returned when a and b are the same node (Neo4j's shortestPath refuses
// a path from a node to itself, so the two are told apart before the search).
// @param a string            id of one node (e.g. kg-mia)
// @param b string            id of the other (e.g. cn-mps)
// @param max_hops int = 6    longest chain looked for; at most 8, the fixed bound in the pattern
MATCH (x {id: $a}), (y {id: $b})
WHERE x <> y
MATCH p = shortestPath((x)-[:PARTICIPATED_IN|PART_OF|MEMBER_OF|HOLDS|HELD_IN|LOCATED_IN|TARGETS|SUCCESSOR_OF|RELATED_TO*..8]-(y))
WHERE length(p) <= $max_hops
RETURN length(p) AS hops, [n IN nodes(p) | n.id] AS nodes, [r IN relationships(p) | type(r)] AS types
