// Link nodes of one label to the documents they are cited to, with the locators
// (template: __LABEL__ from the model).
// @param rows list  maps {id, source, locators}
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
MATCH (s:Source {id: row.source})
MERGE (n)-[c:CITES]->(s)
SET c.locators = row.locators
