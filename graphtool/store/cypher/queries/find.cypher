// Find nodes whose id, name or an alias contains some text (any case).
// @param text string        what to look for (e.g. "interior")
// @param label string = null keep one label (Actor, Organisation, Event, Place, Topic, Claim, Source)
MATCH (n)
WHERE ($label IS NULL OR $label IN labels(n))
  AND (toLower(n.id) CONTAINS toLower($text)
       OR toLower(coalesce(n.name, n.title, '')) CONTAINS toLower($text)
       OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS toLower($text)))
RETURN labels(n)[0] AS label, n.id AS id, coalesce(n.name, n.title) AS name, n.kind AS kind
ORDER BY label, id
