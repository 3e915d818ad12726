-- Shard keys of the honour, investment, organisation and talent tables
-- (PostgreSQL: keyed with zone_id, foreign keys (parent_id, zone_id)).
-- SQLite cannot change a table's keys without rebuilding it and never
-- distributes: the keys with zone_id are unique indexes here
-- (TestShardKeyRule). Four children had no zone_id of their own: it is
-- added, filled from the parent and kept filled by a trigger for rows
-- written by a binary before this step.
-- contract: org_members' current-membership index becomes per zone (enterprise_id, zone_id): an enterprise is a member in its own zone only, and a binary before this step still gets its "covered meanwhile" refusal from it.
ALTER TABLE org_elections ADD COLUMN zone_id INTEGER REFERENCES areas (id);
UPDATE org_elections SET zone_id = (SELECT p.zone_id FROM org_organisations p WHERE p.id = org_elections.org_id);
ALTER TABLE talent_tiers ADD COLUMN zone_id INTEGER REFERENCES areas (id);
UPDATE talent_tiers SET zone_id = (SELECT p.zone_id FROM talent_programmes p WHERE p.id = talent_tiers.programme_id);
ALTER TABLE invest_activity_projects ADD COLUMN zone_id INTEGER REFERENCES areas (id);
UPDATE invest_activity_projects SET zone_id = (SELECT p.zone_id FROM invest_projects p WHERE p.id = invest_activity_projects.project_id);
ALTER TABLE invest_fund_projects ADD COLUMN zone_id INTEGER REFERENCES areas (id);
UPDATE invest_fund_projects SET zone_id = (SELECT p.zone_id FROM invest_funds p WHERE p.id = invest_fund_projects.fund_id);

CREATE TRIGGER org_elections_zone AFTER INSERT ON org_elections WHEN NEW.zone_id IS NULL BEGIN
    UPDATE org_elections SET zone_id = (SELECT zone_id FROM org_organisations WHERE id = NEW.org_id) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER talent_tiers_zone AFTER INSERT ON talent_tiers WHEN NEW.zone_id IS NULL BEGIN
    UPDATE talent_tiers SET zone_id = (SELECT zone_id FROM talent_programmes WHERE id = NEW.programme_id) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER invest_activity_projects_zone AFTER INSERT ON invest_activity_projects WHEN NEW.zone_id IS NULL BEGIN
    UPDATE invest_activity_projects SET zone_id = (SELECT zone_id FROM invest_projects WHERE id = NEW.project_id) WHERE rowid = NEW.rowid;
END;
CREATE TRIGGER invest_fund_projects_zone AFTER INSERT ON invest_fund_projects WHEN NEW.zone_id IS NULL BEGIN
    UPDATE invest_fund_projects SET zone_id = (SELECT zone_id FROM invest_funds WHERE id = NEW.fund_id) WHERE rowid = NEW.rowid;
END;

CREATE UNIQUE INDEX honour_batches_zone_key ON honour_batches (id, zone_id);
CREATE UNIQUE INDEX honour_entries_zone_key ON honour_entries (id, zone_id);
CREATE UNIQUE INDEX honour_entries_batch_zone_key ON honour_entries (batch_id, enterprise_id, programme_id, zone_id);
CREATE UNIQUE INDEX invest_projects_zone_key ON invest_projects (id, zone_id);
CREATE UNIQUE INDEX invest_funds_zone_key ON invest_funds (id, zone_id);
CREATE UNIQUE INDEX invest_activity_projects_zone_key ON invest_activity_projects (kind, activity_id, project_id, zone_id);
CREATE UNIQUE INDEX invest_fund_projects_zone_key ON invest_fund_projects (fund_id, project_id, zone_id);
CREATE UNIQUE INDEX org_organisations_zone_key ON org_organisations (id, zone_id);
CREATE UNIQUE INDEX org_elections_zone_key ON org_elections (id, zone_id);
CREATE UNIQUE INDEX org_elections_held_zone_key ON org_elections (org_id, held_on, zone_id);
CREATE UNIQUE INDEX org_members_zone_key ON org_members (id, zone_id);
DROP INDEX org_members_current;
CREATE UNIQUE INDEX org_members_current ON org_members (enterprise_id, zone_id) WHERE until_on IS NULL;
CREATE UNIQUE INDEX org_profiles_zone_key ON org_profiles (enterprise_id, zone_id);
CREATE UNIQUE INDEX org_chains_zone_key ON org_chains (id, zone_id);
CREATE UNIQUE INDEX org_chain_members_zone_key ON org_chain_members (enterprise_id, zone_id);
CREATE UNIQUE INDEX talent_programmes_zone_key ON talent_programmes (id, zone_id);
CREATE UNIQUE INDEX talent_tiers_zone_key ON talent_tiers (id, zone_id);
CREATE UNIQUE INDEX talent_tiers_code_zone_key ON talent_tiers (programme_id, code, zone_id);
