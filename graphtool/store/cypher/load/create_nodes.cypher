// Create nodes of one label from a batch of rows, each with all its properties (the
// loader creates only ids the graph does not hold). Template: __LABEL__ from the model.
// @param rows list  maps {props}, props holding the id
UNWIND $rows AS row
CREATE (n:__LABEL__)
SET n = row.props
