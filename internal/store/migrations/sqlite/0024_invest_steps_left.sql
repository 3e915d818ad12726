-- The investment dashboard's funnel counts terminated projects at the stage
-- they left: the terminating steps of a zone, by the stage they came from,
-- from this index alone.
CREATE INDEX invest_steps_zone_to ON invest_steps (zone_id, to_stage, from_stage);
