// Link nodes of one label to a document they are cited to, one CITES link per node,
// document and dataset, with that dataset's locators. Template: __LABEL__.
// @param rows list  maps {id, source, locators, datasets}
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
MATCH (s:Source {id: row.source})
CREATE (n)-[c:CITES]->(s)
SET c.locators = row.locators, c.datasets = row.datasets
