// Replace the properties of existing nodes of one label (their merged view, datasets
// and claims, computed by the loader). Template: __LABEL__ from the model.
// @param rows list  maps {id, props}
UNWIND $rows AS row
MATCH (n:__LABEL__ {id: row.id})
SET n = row.props
