// The shortest chain of facts linking two nodes (citations and topics left out).
// Nothing is returned when a and b are the same node (Neo4j's shortestPath refuses
// a path from a node to itself, so the two are told apart before the search).
// @param a string               id of one node (e.g. kg-mia)
// @param b string               id of the other (e.g. cn-mps)
// @param max_hops int[1..8] = 6 longest chain looked for
MATCH (x:Actor|Organisation|Event|Place {id: $a})
// (the labels the relationship types below join, in graphtool/model.py: Neo4j then finds
// the ids with its per-label uniqueness indexes)
MATCH (y:Actor|Organisation|Event|Place {id: $b})
WHERE x <> y
// The bound is in the pattern, written by graphtool from the checked max_hops (Cypher takes
// no parameter there): a length predicate after shortestPath would make Neo4j plan a
// fallback to an exhaustive search of every path.
MATCH p = shortestPath((x)-[:PARTICIPATED_IN|PART_OF|MEMBER_OF|HOLDS|HELD_IN|LOCATED_IN|TARGETS|SUCCESSOR_OF|RELATED_TO*..__max_hops__]-(y))
RETURN length(p) AS hops, [n IN nodes(p) | n.id] AS nodes, [r IN relationships(p) | type(r)] AS types
