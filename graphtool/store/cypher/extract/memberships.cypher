// Every membership, for graphtool extract: who is a member of which node, in what role
// and from when to when, so that "the SCO's member states" in a report reads as the
// SCO's members. Memberships marked inferred (deduced, not stated) are left out.
MATCH (m)-[r:MEMBER_OF]->(g)
WHERE r.inferred IS NULL OR NOT r.inferred
RETURN m.id AS member, g.id AS group, r.role AS role, r.since AS since, r.until AS until
ORDER BY group, member, role, since
