// Record a dataset whose load begins (status 'loading').
// @param props map  its properties: id (the name), status, files, ...
CREATE (d:Dataset)
SET d = $props
