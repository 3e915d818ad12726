-- Investment attraction at scale: the pipeline board reads each stage's most
-- recent projects (by the day they reached it) and counts the stages; the
-- dashboard counts and lists projects past their next contact; an import
-- looks projects up by name.
CREATE INDEX invest_projects_board ON invest_projects (zone_id, stage, stage_on, id);
CREATE INDEX invest_projects_contact ON invest_projects (zone_id, next_contact_on);
CREATE INDEX invest_projects_name ON invest_projects (name);
