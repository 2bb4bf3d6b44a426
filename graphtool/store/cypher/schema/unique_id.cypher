// Uniqueness constraint on the id of one node label (template: __LABEL__ is filled
// from the model's label list). Safe to run again: IF NOT EXISTS.
CREATE CONSTRAINT IF NOT EXISTS FOR (n:__LABEL__) REQUIRE n.id IS UNIQUE
