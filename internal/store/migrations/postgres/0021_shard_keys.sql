-- Shard keys: zone-owned tables that nothing refers to by foreign key are
-- keyed (id, zone_id), so that they distribute by zone on Citus
-- (TestShardKeyRule; docs/operations.md, "National scale").
-- contract: swaps these tables' primary keys from (id) to (id, zone_id); id first, so a lookup by id keeps its index. A node on the previous binary keeps working while and after it runs: it never names a primary key (no ON CONFLICT (id), no foreign key to these tables), and ids still come from the same identity. Each swap holds the table's lock while its index is built (a large table: build the unique index CONCURRENTLY beforehand and swap with ADD PRIMARY KEY USING INDEX; docs/operations.md, Upgrades).
ALTER TABLE bulletin_work_notes DROP CONSTRAINT bulletin_work_notes_pkey, ADD CONSTRAINT bulletin_work_notes_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE bulletins DROP CONSTRAINT bulletins_pkey, ADD CONSTRAINT bulletins_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE contract_events DROP CONSTRAINT contract_events_pkey, ADD CONSTRAINT contract_events_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE honour_activities DROP CONSTRAINT honour_activities_pkey, ADD CONSTRAINT honour_activities_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE honour_titles DROP CONSTRAINT honour_titles_pkey, ADD CONSTRAINT honour_titles_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE invest_arrivals DROP CONSTRAINT invest_arrivals_pkey, ADD CONSTRAINT invest_arrivals_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE invest_followups DROP CONSTRAINT invest_followups_pkey, ADD CONSTRAINT invest_followups_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE invest_steps DROP CONSTRAINT invest_steps_pkey, ADD CONSTRAINT invest_steps_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE invest_trips DROP CONSTRAINT invest_trips_pkey, ADD CONSTRAINT invest_trips_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE invest_visits DROP CONSTRAINT invest_visits_pkey, ADD CONSTRAINT invest_visits_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE org_honours DROP CONSTRAINT org_honours_pkey, ADD CONSTRAINT org_honours_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE org_online_branches DROP CONSTRAINT org_online_branches_pkey, ADD CONSTRAINT org_online_branches_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE project_awards DROP CONSTRAINT project_awards_pkey, ADD CONSTRAINT project_awards_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE project_milestones DROP CONSTRAINT project_milestones_pkey, ADD CONSTRAINT project_milestones_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE project_problems DROP CONSTRAINT project_problems_pkey, ADD CONSTRAINT project_problems_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE stat_entries DROP CONSTRAINT stat_entries_pkey, ADD CONSTRAINT stat_entries_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE targets DROP CONSTRAINT targets_pkey, ADD CONSTRAINT targets_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE talent_applicants DROP CONSTRAINT talent_applicants_pkey, ADD CONSTRAINT talent_applicants_pkey PRIMARY KEY (id, zone_id);
-- Two parents whose only children already carry the parent's zone: the
-- children's foreign keys become (parent_id, zone_id), as Citus co-locates.
ALTER TABLE honour_activities DROP CONSTRAINT honour_activities_candidate_id_fkey;
ALTER TABLE honour_candidates DROP CONSTRAINT honour_candidates_pkey, ADD CONSTRAINT honour_candidates_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE honour_activities ADD CONSTRAINT honour_activities_candidate_id_fkey FOREIGN KEY (candidate_id, zone_id) REFERENCES honour_candidates (id, zone_id);
ALTER TABLE talent_applicants DROP CONSTRAINT talent_applicants_call_id_fkey;
ALTER TABLE talent_calls DROP CONSTRAINT talent_calls_pkey, ADD CONSTRAINT talent_calls_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE talent_applicants ADD CONSTRAINT talent_applicants_call_id_fkey FOREIGN KEY (call_id, zone_id) REFERENCES talent_calls (id, zone_id);
