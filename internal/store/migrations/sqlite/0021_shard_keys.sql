-- Shard keys: zone-owned tables that nothing refers to by foreign key are
-- keyed (id, zone_id) on PostgreSQL, so that they distribute by zone on
-- Citus. SQLite numbers rows by their rowid (id INTEGER PRIMARY KEY) and
-- never distributes: the same key is a unique index here (TestShardKeyRule).
CREATE UNIQUE INDEX bulletin_work_notes_zone_key ON bulletin_work_notes (id, zone_id);
CREATE UNIQUE INDEX bulletins_zone_key ON bulletins (id, zone_id);
CREATE UNIQUE INDEX contract_events_zone_key ON contract_events (id, zone_id);
CREATE UNIQUE INDEX honour_activities_zone_key ON honour_activities (id, zone_id);
CREATE UNIQUE INDEX honour_titles_zone_key ON honour_titles (id, zone_id);
CREATE UNIQUE INDEX invest_arrivals_zone_key ON invest_arrivals (id, zone_id);
CREATE UNIQUE INDEX invest_followups_zone_key ON invest_followups (id, zone_id);
CREATE UNIQUE INDEX invest_steps_zone_key ON invest_steps (id, zone_id);
CREATE UNIQUE INDEX invest_trips_zone_key ON invest_trips (id, zone_id);
CREATE UNIQUE INDEX invest_visits_zone_key ON invest_visits (id, zone_id);
CREATE UNIQUE INDEX org_honours_zone_key ON org_honours (id, zone_id);
CREATE UNIQUE INDEX org_online_branches_zone_key ON org_online_branches (id, zone_id);
CREATE UNIQUE INDEX project_awards_zone_key ON project_awards (id, zone_id);
CREATE UNIQUE INDEX project_milestones_zone_key ON project_milestones (id, zone_id);
CREATE UNIQUE INDEX project_problems_zone_key ON project_problems (id, zone_id);
CREATE UNIQUE INDEX stat_entries_zone_key ON stat_entries (id, zone_id);
CREATE UNIQUE INDEX targets_zone_key ON targets (id, zone_id);
CREATE UNIQUE INDEX talent_applicants_zone_key ON talent_applicants (id, zone_id);
CREATE UNIQUE INDEX honour_candidates_zone_key ON honour_candidates (id, zone_id);
CREATE UNIQUE INDEX talent_calls_zone_key ON talent_calls (id, zone_id);
