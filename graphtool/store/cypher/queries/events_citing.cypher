// The events cited to a document, with where in it (the locators), optionally only
// those whose locator contains some text ("appendix 3").
// @param source string          id of the document (e.g. fpri-2022)
// @param locator string = null  keep only locators containing this text
MATCH (e:Event)
WHERE $source IN e.sources
WITH e, [i IN range(0, size(e.sources) - 1) WHERE e.sources[i] = $source | e.locators[i]] AS locators
WHERE $locator IS NULL OR any(l IN locators WHERE l CONTAINS $locator)
RETURN e.id AS event, e.date AS date, e.kind AS kind, e.name AS name, locators
ORDER BY event
