// Where the documents disagree (or a report's text disagrees with its own tables):
// each pair of contradicting claims, with what they disagree on, the nodes they are
// about, and both sides, each with the citations of the passage that states it.
// @param about string = null  keep the disagreements about one node (its id, e.g. rats)
MATCH (a:Claim)-[d:CONTRADICTS]->(b:Claim)
WHERE $about IS NULL
   OR EXISTS { (a)-[:ABOUT]->(:Actor|Organisation|Event|Place|Topic {id: $about}) }
   OR EXISTS { (b)-[:ABOUT]->(:Actor|Organisation|Event|Place|Topic {id: $about}) }
// (the labels a claim can be ABOUT, in graphtool/model.py)
OPTIONAL MATCH (a)-[:ABOUT]->(n)
WITH a, b, d, n ORDER BY n.id
WITH a, b, d, collect(DISTINCT n.id) AS aboutA
OPTIONAL MATCH (b)-[:ABOUT]->(m)
WITH a, b, d, aboutA, m ORDER BY m.id
WITH a, b, d, aboutA, collect(DISTINCT m.id) AS aboutB
RETURN d.role AS disagreement, aboutA + [x IN aboutB WHERE NOT x IN aboutA] AS about,
       a.id AS claim, a.name AS says, a.sources AS sources, a.locators AS locators,
       b.id AS against, b.name AS againstSays, b.sources AS againstSources,
       b.locators AS againstLocators
ORDER BY disagreement, claim
