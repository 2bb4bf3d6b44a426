// Every actor, with its properties (id, name, kind, aliases, sources, locators, ...).
// The projections filter and roll actors up in Python, so this takes no parameters.
MATCH (a:Actor)
RETURN a.id AS id, properties(a) AS props
