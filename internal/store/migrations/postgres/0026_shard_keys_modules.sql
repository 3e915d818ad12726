-- Shard keys of the honour, investment, organisation and talent tables:
-- the parents others point at are keyed (id, zone_id) together with their
-- children, whose foreign keys become (parent_id, zone_id), so that a zone's
-- rows and their joins distribute by zone on Citus (TestShardKeyRule;
-- docs/operations.md, "National scale"). Four children had no zone_id of
-- their own: it is added, filled from the parent and kept filled by a
-- trigger for rows written by nodes on the previous binary.
-- contract: swaps primary keys and unique constraints to ones holding zone_id, and the foreign keys into the re-keyed parents to (parent_id, zone_id); adds zone_id to org_elections, talent_tiers, invest_activity_projects and invest_fund_projects, backfilled and then NOT NULL. A node on the previous binary keeps working while and after it runs: it never names these keys but in org_profiles' ON CONFLICT (enterprise_id), for which org_profiles_enterprise_key keeps enterprise_id unique (a profile's zone is its enterprise's, so that unique and the new key say the same; the step after the next release drops it); the children it writes without zone_id get their parent's from a BEFORE INSERT trigger; every other row it writes already carries its parent's zone. The current-membership index of org_members becomes per zone (an enterprise is a member in its own zone only). Each swap holds the table's lock while its index is built (docs/operations.md, Upgrades).

-- Children without a zone_id: the column, filled from the parent.
ALTER TABLE org_elections ADD COLUMN zone_id BIGINT REFERENCES areas (id);
UPDATE org_elections c SET zone_id = p.zone_id FROM org_organisations p WHERE p.id = c.org_id;
ALTER TABLE talent_tiers ADD COLUMN zone_id BIGINT REFERENCES areas (id);
UPDATE talent_tiers c SET zone_id = p.zone_id FROM talent_programmes p WHERE p.id = c.programme_id;
ALTER TABLE invest_activity_projects ADD COLUMN zone_id BIGINT REFERENCES areas (id);
UPDATE invest_activity_projects c SET zone_id = p.zone_id FROM invest_projects p WHERE p.id = c.project_id;
ALTER TABLE invest_fund_projects ADD COLUMN zone_id BIGINT REFERENCES areas (id);
UPDATE invest_fund_projects c SET zone_id = p.zone_id FROM invest_funds p WHERE p.id = c.fund_id;

-- A node on the previous binary inserts these children without zone_id:
-- the parent's is filled in before the row is checked.
CREATE FUNCTION org_elections_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.zone_id IS NULL THEN
        SELECT zone_id INTO NEW.zone_id FROM org_organisations WHERE id = NEW.org_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER org_elections_zone BEFORE INSERT ON org_elections FOR EACH ROW EXECUTE FUNCTION org_elections_zone();
CREATE FUNCTION talent_tiers_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.zone_id IS NULL THEN
        SELECT zone_id INTO NEW.zone_id FROM talent_programmes WHERE id = NEW.programme_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER talent_tiers_zone BEFORE INSERT ON talent_tiers FOR EACH ROW EXECUTE FUNCTION talent_tiers_zone();
CREATE FUNCTION invest_activity_projects_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.zone_id IS NULL THEN
        SELECT zone_id INTO NEW.zone_id FROM invest_projects WHERE id = NEW.project_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER invest_activity_projects_zone BEFORE INSERT ON invest_activity_projects FOR EACH ROW EXECUTE FUNCTION invest_activity_projects_zone();
CREATE FUNCTION invest_fund_projects_zone() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.zone_id IS NULL THEN
        SELECT zone_id INTO NEW.zone_id FROM invest_funds WHERE id = NEW.fund_id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER invest_fund_projects_zone BEFORE INSERT ON invest_fund_projects FOR EACH ROW EXECUTE FUNCTION invest_fund_projects_zone();
ALTER TABLE org_elections ALTER COLUMN zone_id SET NOT NULL;
ALTER TABLE talent_tiers ALTER COLUMN zone_id SET NOT NULL;
ALTER TABLE invest_activity_projects ALTER COLUMN zone_id SET NOT NULL;
ALTER TABLE invest_fund_projects ALTER COLUMN zone_id SET NOT NULL;

-- The foreign keys into the parents go while their keys change.
ALTER TABLE honour_entries DROP CONSTRAINT honour_entries_batch_id_fkey;
ALTER TABLE honour_titles DROP CONSTRAINT honour_titles_batch_id_fkey;
ALTER TABLE honour_titles DROP CONSTRAINT honour_titles_end_batch_id_fkey;
ALTER TABLE invest_steps DROP CONSTRAINT invest_steps_project_id_fkey;
ALTER TABLE invest_arrivals DROP CONSTRAINT invest_arrivals_project_id_fkey;
ALTER TABLE invest_followups DROP CONSTRAINT invest_followups_project_id_fkey;
ALTER TABLE invest_activity_projects DROP CONSTRAINT invest_activity_projects_project_id_fkey;
ALTER TABLE invest_fund_projects DROP CONSTRAINT invest_fund_projects_fund_id_fkey;
ALTER TABLE invest_fund_projects DROP CONSTRAINT invest_fund_projects_project_id_fkey;
ALTER TABLE org_elections DROP CONSTRAINT org_elections_org_id_fkey;
ALTER TABLE org_members DROP CONSTRAINT org_members_org_id_fkey;
ALTER TABLE org_honours DROP CONSTRAINT org_honours_org_id_fkey;
ALTER TABLE org_online_branches DROP CONSTRAINT org_online_branches_org_id_fkey;
ALTER TABLE org_chain_members DROP CONSTRAINT org_chain_members_chain_id_fkey;
ALTER TABLE talent_applicants DROP CONSTRAINT talent_applicants_chain_id_fkey;
ALTER TABLE talent_tiers DROP CONSTRAINT talent_tiers_programme_id_fkey;
ALTER TABLE talent_calls DROP CONSTRAINT talent_calls_programme_id_fkey;
ALTER TABLE talent_applicants DROP CONSTRAINT talent_applicants_programme_id_fkey;
ALTER TABLE talent_applicants DROP CONSTRAINT talent_applicants_tier_id_fkey;

-- Keys: id first, so a lookup by id keeps its index.
ALTER TABLE honour_batches DROP CONSTRAINT honour_batches_pkey, ADD CONSTRAINT honour_batches_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE honour_entries DROP CONSTRAINT honour_entries_pkey, ADD CONSTRAINT honour_entries_pkey PRIMARY KEY (id, zone_id),
    DROP CONSTRAINT honour_entries_batch_id_enterprise_id_programme_id_key,
    ADD CONSTRAINT honour_entries_batch_id_enterprise_id_programme_id_key UNIQUE (batch_id, enterprise_id, programme_id, zone_id);
ALTER TABLE invest_projects DROP CONSTRAINT invest_projects_pkey, ADD CONSTRAINT invest_projects_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE invest_funds DROP CONSTRAINT invest_funds_pkey, ADD CONSTRAINT invest_funds_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE invest_activity_projects DROP CONSTRAINT invest_activity_projects_pkey,
    ADD CONSTRAINT invest_activity_projects_pkey PRIMARY KEY (kind, activity_id, project_id, zone_id);
ALTER TABLE invest_fund_projects DROP CONSTRAINT invest_fund_projects_pkey,
    ADD CONSTRAINT invest_fund_projects_pkey PRIMARY KEY (fund_id, project_id, zone_id);
ALTER TABLE org_organisations DROP CONSTRAINT org_organisations_pkey, ADD CONSTRAINT org_organisations_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE org_elections DROP CONSTRAINT org_elections_pkey, ADD CONSTRAINT org_elections_pkey PRIMARY KEY (id, zone_id),
    DROP CONSTRAINT org_elections_org_id_held_on_key, ADD CONSTRAINT org_elections_org_id_held_on_key UNIQUE (org_id, held_on, zone_id);
ALTER TABLE org_members DROP CONSTRAINT org_members_pkey, ADD CONSTRAINT org_members_pkey PRIMARY KEY (id, zone_id);
DROP INDEX org_members_current;
CREATE UNIQUE INDEX org_members_current ON org_members (enterprise_id, zone_id) WHERE until_on IS NULL;
CREATE UNIQUE INDEX org_profiles_enterprise_key ON org_profiles (enterprise_id);
ALTER TABLE org_profiles DROP CONSTRAINT org_profiles_pkey, ADD CONSTRAINT org_profiles_pkey PRIMARY KEY (enterprise_id, zone_id);
ALTER TABLE org_chains DROP CONSTRAINT org_chains_pkey, ADD CONSTRAINT org_chains_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE org_chain_members DROP CONSTRAINT org_chain_members_pkey, ADD CONSTRAINT org_chain_members_pkey PRIMARY KEY (enterprise_id, zone_id);
ALTER TABLE talent_programmes DROP CONSTRAINT talent_programmes_pkey, ADD CONSTRAINT talent_programmes_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE talent_tiers DROP CONSTRAINT talent_tiers_pkey, ADD CONSTRAINT talent_tiers_pkey PRIMARY KEY (id, zone_id),
    DROP CONSTRAINT talent_tiers_programme_id_code_key, ADD CONSTRAINT talent_tiers_programme_id_code_key UNIQUE (programme_id, code, zone_id);

-- The foreign keys back, with the zone: a child cannot name another
-- zone's parent.
ALTER TABLE honour_entries ADD CONSTRAINT honour_entries_batch_id_fkey FOREIGN KEY (batch_id, zone_id) REFERENCES honour_batches (id, zone_id);
ALTER TABLE honour_titles ADD CONSTRAINT honour_titles_batch_id_fkey FOREIGN KEY (batch_id, zone_id) REFERENCES honour_batches (id, zone_id);
ALTER TABLE honour_titles ADD CONSTRAINT honour_titles_end_batch_id_fkey FOREIGN KEY (end_batch_id, zone_id) REFERENCES honour_batches (id, zone_id);
ALTER TABLE invest_steps ADD CONSTRAINT invest_steps_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES invest_projects (id, zone_id);
ALTER TABLE invest_arrivals ADD CONSTRAINT invest_arrivals_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES invest_projects (id, zone_id);
ALTER TABLE invest_followups ADD CONSTRAINT invest_followups_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES invest_projects (id, zone_id);
ALTER TABLE invest_activity_projects ADD CONSTRAINT invest_activity_projects_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES invest_projects (id, zone_id);
ALTER TABLE invest_fund_projects ADD CONSTRAINT invest_fund_projects_fund_id_fkey FOREIGN KEY (fund_id, zone_id) REFERENCES invest_funds (id, zone_id);
ALTER TABLE invest_fund_projects ADD CONSTRAINT invest_fund_projects_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES invest_projects (id, zone_id);
ALTER TABLE org_elections ADD CONSTRAINT org_elections_org_id_fkey FOREIGN KEY (org_id, zone_id) REFERENCES org_organisations (id, zone_id);
ALTER TABLE org_members ADD CONSTRAINT org_members_org_id_fkey FOREIGN KEY (org_id, zone_id) REFERENCES org_organisations (id, zone_id);
ALTER TABLE org_honours ADD CONSTRAINT org_honours_org_id_fkey FOREIGN KEY (org_id, zone_id) REFERENCES org_organisations (id, zone_id);
ALTER TABLE org_online_branches ADD CONSTRAINT org_online_branches_org_id_fkey FOREIGN KEY (org_id, zone_id) REFERENCES org_organisations (id, zone_id);
ALTER TABLE org_chain_members ADD CONSTRAINT org_chain_members_chain_id_fkey FOREIGN KEY (chain_id, zone_id) REFERENCES org_chains (id, zone_id);
ALTER TABLE talent_applicants ADD CONSTRAINT talent_applicants_chain_id_fkey FOREIGN KEY (chain_id, zone_id) REFERENCES org_chains (id, zone_id);
ALTER TABLE talent_tiers ADD CONSTRAINT talent_tiers_programme_id_fkey FOREIGN KEY (programme_id, zone_id) REFERENCES talent_programmes (id, zone_id);
ALTER TABLE talent_calls ADD CONSTRAINT talent_calls_programme_id_fkey FOREIGN KEY (programme_id, zone_id) REFERENCES talent_programmes (id, zone_id);
ALTER TABLE talent_applicants ADD CONSTRAINT talent_applicants_programme_id_fkey FOREIGN KEY (programme_id, zone_id) REFERENCES talent_programmes (id, zone_id);
ALTER TABLE talent_applicants ADD CONSTRAINT talent_applicants_tier_id_fkey FOREIGN KEY (tier_id, zone_id) REFERENCES talent_tiers (id, zone_id);
