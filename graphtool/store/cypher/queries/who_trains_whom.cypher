// Which agencies of one state train which agencies of others: trainer, trainee,
// the trainee's state and how many trainings, first and last year.
// @param trainer_state string = "cn"                       id of the trainers' state
// @param trainee_states list = ["kz","kg","tj","uz","tm"]  ids of the trainees' states
// @param inferred bool = false                             count inferred participations too
MATCH (t)-[rt:PARTICIPATED_IN]->(e:Event)<-[ru:PARTICIPATED_IN]-(u)
WHERE rt.role = 'trainer' AND ru.role = 'trainee'
  AND ($inferred OR ((rt.inferred IS NULL OR NOT rt.inferred) AND (ru.inferred IS NULL OR NOT ru.inferred)))
  AND (EXISTS { (t)-[:PART_OF|HOLDS*0..4]->(:Actor {id: $trainer_state}) }
       OR EXISTS { (t:Actor {kind: 'company'})-[:LOCATED_IN]->(:Actor {id: $trainer_state}) })
OPTIONAL MATCH (u)-[:PART_OF|HOLDS*0..4]->(us1:Actor {kind: 'state'})
OPTIONAL MATCH (u:Actor {kind: 'company'})-[:LOCATED_IN]->(us2:Actor {kind: 'state'})
WITH t, u, e, coalesce(us1, us2) AS us
WHERE us.id IN $trainee_states
RETURN t.id AS trainer, t.name AS trainerName, us.id AS state, u.id AS trainee,
       u.name AS traineeName, count(DISTINCT e) AS trainings,
       min(e.year) AS first, max(e.year) AS last
ORDER BY trainings DESC, trainer, trainee
