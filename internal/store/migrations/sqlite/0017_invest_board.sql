-- Investment attraction at scale (50,000 projects): the pipeline board reads
-- each stage's most recent projects (by the day they reached it) and counts
-- the stages; the dashboard counts projects past their agreed start and past
-- their next contact from the index alone (stage last: covering); an import
-- looks projects up by name.
CREATE INDEX invest_projects_board ON invest_projects (zone_id, stage, stage_on, id);
CREATE INDEX invest_projects_due ON invest_projects (zone_id, stage, start_due);
CREATE INDEX invest_projects_contact ON invest_projects (zone_id, next_contact_on, stage);
CREATE INDEX invest_projects_name ON invest_projects (name);
