// The constraints in force (name, type, labels and properties).
SHOW CONSTRAINTS
