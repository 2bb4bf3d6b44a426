// Create or update nodes of one label from a batch of rows: MERGE on the id only,
// then set the other properties (template: __LABEL__ from the model).
// @param rows list  maps {id, props}
UNWIND $rows AS row
MERGE (n:__LABEL__ {id: row.id})
SET n += row.props
