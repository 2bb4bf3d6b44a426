// Memberships of organisations: who is a member of what, in which role, since when.
// @param org string = null  keep one organisation (e.g. sco)
MATCH (m)-[r:MEMBER_OF]->(o:Organisation)
WHERE $org IS NULL OR o.id = $org
RETURN o.id AS organisation, m.id AS member, m.name AS name, r.role AS role, r.since AS since
ORDER BY organisation, since, member
