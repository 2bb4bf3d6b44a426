// Links that place one node inside another: PART_OF (an agency of a state), HOLDS (a
// person holds an office), LOCATED_IN (a place in a region or state) and HELD_IN
// (where an event took place). Used to roll actors up to their state and to find
// what belongs to a country.
MATCH (a)-[r:PART_OF|HOLDS|LOCATED_IN|HELD_IN]->(b)
RETURN a.id AS child, type(r) AS type, b.id AS parent, r.datasets AS datasets
