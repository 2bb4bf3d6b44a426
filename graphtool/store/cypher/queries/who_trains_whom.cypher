// Which agencies of one state train which agencies of others: trainer, trainee,
// the trainee's state and how many trainings, first and last year.
// @param trainer_state string = "cn"                       id of the trainers' state
// @param trainee_states list = ["kz","kg","tj","uz","tm"]  ids of the trainees' states
MATCH (t)-[rt:PARTICIPATED_IN]->(e:Event)<-[ru:PARTICIPATED_IN]-(u)
WHERE rt.role = 'trainer' AND ru.role = 'trainee'
MATCH (t)-[:PART_OF*0..4]->(:Actor {id: $trainer_state})
MATCH (u)-[:PART_OF*0..4]->(us:Actor {kind: 'state'})
WHERE us.id IN $trainee_states
RETURN t.id AS trainer, t.name AS trainerName, us.id AS state, u.id AS trainee,
       u.name AS traineeName, count(DISTINCT e) AS trainings,
       min(e.year) AS first, max(e.year) AS last
ORDER BY trainings DESC, trainer, trainee
