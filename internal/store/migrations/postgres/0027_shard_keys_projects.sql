-- Shard keys for projects and their children, parks, registration points,
-- attachments and contract lines (TestShardKeyRule; docs/operations.md,
-- "National scale"). Children without a zone_id get one, backfilled from
-- the parent and filled on insert from the parent when left NULL; then
-- every key of these tables holds zone_id, and the foreign keys between
-- them become (parent_id, zone_id), so a child cannot name another zone's
-- parent and Citus co-locates the two.
-- contract: swaps primary keys and uniques to ones holding zone_id, makes the new zone_id columns NOT NULL and the foreign keys into the re-keyed tables (parent_id, zone_id). A node on the previous binary keeps working while and after it runs: it never names these keys (no ON CONFLICT on them; registration_points keeps its unique zone_id, which it names), it inserts child rows without zone_id and the BEFORE INSERT triggers below fill it from the parent, so the NOT NULL holds; ids still come from the same identities; and every row it writes already lies in its parent's zone (the services check a park, a project and a point against the zone).

-- 1. The new columns, backfilled, and the triggers that fill them for
-- writers that leave them out. This part only adds and may be run by hand
-- before the upgrade, the backfill in batches, while nodes on the previous
-- binary serve (docs/operations.md, Upgrades): the step then finds it done.
CREATE OR REPLACE FUNCTION zone_from_project() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.zone_id IS NULL THEN
        SELECT p.zone_id INTO NEW.zone_id FROM projects p WHERE p.id = NEW.project_id;
    END IF;
    RETURN NEW;
END
$f$;
CREATE OR REPLACE FUNCTION zone_from_attachment() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.zone_id IS NULL THEN
        SELECT a.zone_id INTO NEW.zone_id FROM attachments a WHERE a.id = NEW.attachment_id;
    END IF;
    RETURN NEW;
END
$f$;
CREATE OR REPLACE FUNCTION zone_from_contract() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.zone_id IS NULL THEN
        SELECT c.zone_id INTO NEW.zone_id FROM contracts c WHERE c.id = NEW.contract_id;
    END IF;
    RETURN NEW;
END
$f$;

ALTER TABLE project_findings ADD COLUMN IF NOT EXISTS zone_id BIGINT;
ALTER TABLE project_items ADD COLUMN IF NOT EXISTS zone_id BIGINT;
ALTER TABLE project_methods ADD COLUMN IF NOT EXISTS zone_id BIGINT;
ALTER TABLE project_parties ADD COLUMN IF NOT EXISTS zone_id BIGINT;
ALTER TABLE project_plans ADD COLUMN IF NOT EXISTS zone_id BIGINT;
ALTER TABLE attachment_data ADD COLUMN IF NOT EXISTS zone_id BIGINT;
ALTER TABLE contract_payments ADD COLUMN IF NOT EXISTS zone_id BIGINT;
ALTER TABLE contract_deductions ADD COLUMN IF NOT EXISTS zone_id BIGINT;

DROP TRIGGER IF EXISTS project_findings_zone ON project_findings;
CREATE TRIGGER project_findings_zone BEFORE INSERT ON project_findings FOR EACH ROW EXECUTE FUNCTION zone_from_project();
DROP TRIGGER IF EXISTS project_items_zone ON project_items;
CREATE TRIGGER project_items_zone BEFORE INSERT ON project_items FOR EACH ROW EXECUTE FUNCTION zone_from_project();
DROP TRIGGER IF EXISTS project_methods_zone ON project_methods;
CREATE TRIGGER project_methods_zone BEFORE INSERT ON project_methods FOR EACH ROW EXECUTE FUNCTION zone_from_project();
DROP TRIGGER IF EXISTS project_parties_zone ON project_parties;
CREATE TRIGGER project_parties_zone BEFORE INSERT ON project_parties FOR EACH ROW EXECUTE FUNCTION zone_from_project();
DROP TRIGGER IF EXISTS project_plans_zone ON project_plans;
CREATE TRIGGER project_plans_zone BEFORE INSERT ON project_plans FOR EACH ROW EXECUTE FUNCTION zone_from_project();
DROP TRIGGER IF EXISTS attachment_data_zone ON attachment_data;
CREATE TRIGGER attachment_data_zone BEFORE INSERT ON attachment_data FOR EACH ROW EXECUTE FUNCTION zone_from_attachment();
DROP TRIGGER IF EXISTS contract_payments_zone ON contract_payments;
CREATE TRIGGER contract_payments_zone BEFORE INSERT ON contract_payments FOR EACH ROW EXECUTE FUNCTION zone_from_contract();
DROP TRIGGER IF EXISTS contract_deductions_zone ON contract_deductions;
CREATE TRIGGER contract_deductions_zone BEFORE INSERT ON contract_deductions FOR EACH ROW EXECUTE FUNCTION zone_from_contract();

UPDATE project_findings c SET zone_id = p.zone_id FROM projects p WHERE p.id = c.project_id AND c.zone_id IS NULL;
UPDATE project_items c SET zone_id = p.zone_id FROM projects p WHERE p.id = c.project_id AND c.zone_id IS NULL;
UPDATE project_methods c SET zone_id = p.zone_id FROM projects p WHERE p.id = c.project_id AND c.zone_id IS NULL;
UPDATE project_parties c SET zone_id = p.zone_id FROM projects p WHERE p.id = c.project_id AND c.zone_id IS NULL;
UPDATE project_plans c SET zone_id = p.zone_id FROM projects p WHERE p.id = c.project_id AND c.zone_id IS NULL;
UPDATE attachment_data c SET zone_id = p.zone_id FROM attachments p WHERE p.id = c.attachment_id AND c.zone_id IS NULL;
UPDATE contract_payments c SET zone_id = p.zone_id FROM contracts p WHERE p.id = c.contract_id AND c.zone_id IS NULL;
UPDATE contract_deductions c SET zone_id = p.zone_id FROM contracts p WHERE p.id = c.contract_id AND c.zone_id IS NULL;

ALTER TABLE project_findings ALTER COLUMN zone_id SET NOT NULL;
ALTER TABLE project_items ALTER COLUMN zone_id SET NOT NULL;
ALTER TABLE project_methods ALTER COLUMN zone_id SET NOT NULL;
ALTER TABLE project_parties ALTER COLUMN zone_id SET NOT NULL;
ALTER TABLE project_plans ALTER COLUMN zone_id SET NOT NULL;
ALTER TABLE attachment_data ALTER COLUMN zone_id SET NOT NULL;
ALTER TABLE contract_payments ALTER COLUMN zone_id SET NOT NULL;
ALTER TABLE contract_deductions ALTER COLUMN zone_id SET NOT NULL;

-- 2. The foreign keys into the tables re-keyed below go, to come back as
-- (parent_id, zone_id).
ALTER TABLE project_inspections DROP CONSTRAINT project_inspections_project_id_fkey;
ALTER TABLE project_findings DROP CONSTRAINT project_findings_project_id_fkey;
ALTER TABLE project_findings DROP CONSTRAINT project_findings_inspection_id_fkey;
ALTER TABLE project_items DROP CONSTRAINT project_items_project_id_fkey;
ALTER TABLE project_methods DROP CONSTRAINT project_methods_project_id_fkey;
ALTER TABLE project_parties DROP CONSTRAINT project_parties_project_id_fkey;
ALTER TABLE project_plans DROP CONSTRAINT project_plans_project_id_fkey;
ALTER TABLE project_reports DROP CONSTRAINT project_reports_project_id_fkey;
ALTER TABLE project_milestones DROP CONSTRAINT project_milestones_project_id_fkey;
ALTER TABLE project_problems DROP CONSTRAINT project_problems_project_id_fkey;
ALTER TABLE project_awards DROP CONSTRAINT project_awards_project_id_fkey;
ALTER TABLE attachment_data DROP CONSTRAINT attachment_data_attachment_id_fkey;

-- 3. The keys, zone_id last so that lookups by the old key's columns keep
-- their index.
ALTER TABLE projects DROP CONSTRAINT projects_pkey, ADD CONSTRAINT projects_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE project_inspections DROP CONSTRAINT project_inspections_pkey, ADD CONSTRAINT project_inspections_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE project_findings DROP CONSTRAINT project_findings_pkey, ADD CONSTRAINT project_findings_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE project_findings DROP CONSTRAINT project_findings_inspection_id_row_no_key,
    ADD CONSTRAINT project_findings_inspection_id_row_no_key UNIQUE (inspection_id, row_no, zone_id);
ALTER TABLE project_items DROP CONSTRAINT project_items_pkey, ADD CONSTRAINT project_items_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE project_methods DROP CONSTRAINT project_methods_pkey, ADD CONSTRAINT project_methods_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE project_parties DROP CONSTRAINT project_parties_pkey, ADD CONSTRAINT project_parties_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE project_plans DROP CONSTRAINT project_plans_pkey, ADD CONSTRAINT project_plans_pkey PRIMARY KEY (project_id, version, zone_id);
ALTER TABLE project_reports DROP CONSTRAINT project_reports_pkey, ADD CONSTRAINT project_reports_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE project_reports DROP CONSTRAINT project_reports_project_id_period_key,
    ADD CONSTRAINT project_reports_project_id_period_key UNIQUE (project_id, period, zone_id);
ALTER TABLE attachments DROP CONSTRAINT attachments_pkey, ADD CONSTRAINT attachments_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE attachment_data DROP CONSTRAINT attachment_data_pkey, ADD CONSTRAINT attachment_data_pkey PRIMARY KEY (attachment_id, zone_id);
ALTER TABLE contract_payments DROP CONSTRAINT contract_payments_pkey, ADD CONSTRAINT contract_payments_pkey PRIMARY KEY (contract_id, line, zone_id);
ALTER TABLE contract_deductions DROP CONSTRAINT contract_deductions_pkey, ADD CONSTRAINT contract_deductions_pkey PRIMARY KEY (contract_id, line, zone_id);

-- 4. The foreign keys back, holding zone_id.
ALTER TABLE project_inspections ADD CONSTRAINT project_inspections_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES projects (id, zone_id);
ALTER TABLE project_findings ADD CONSTRAINT project_findings_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES projects (id, zone_id);
ALTER TABLE project_findings ADD CONSTRAINT project_findings_inspection_id_fkey FOREIGN KEY (inspection_id, zone_id) REFERENCES project_inspections (id, zone_id);
ALTER TABLE project_items ADD CONSTRAINT project_items_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES projects (id, zone_id);
ALTER TABLE project_methods ADD CONSTRAINT project_methods_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES projects (id, zone_id);
ALTER TABLE project_parties ADD CONSTRAINT project_parties_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES projects (id, zone_id);
ALTER TABLE project_plans ADD CONSTRAINT project_plans_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES projects (id, zone_id);
ALTER TABLE project_reports ADD CONSTRAINT project_reports_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES projects (id, zone_id);
ALTER TABLE project_milestones ADD CONSTRAINT project_milestones_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES projects (id, zone_id);
ALTER TABLE project_problems ADD CONSTRAINT project_problems_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES projects (id, zone_id);
ALTER TABLE project_awards ADD CONSTRAINT project_awards_project_id_fkey FOREIGN KEY (project_id, zone_id) REFERENCES projects (id, zone_id);
ALTER TABLE attachment_data ADD CONSTRAINT attachment_data_attachment_id_fkey FOREIGN KEY (attachment_id, zone_id) REFERENCES attachments (id, zone_id);

-- 5. Last, as it takes the locks of two tables every page reads from —
-- enterprises and contracts — for the shortest time: parks and
-- registration points, whose children are those.
ALTER TABLE projects DROP CONSTRAINT projects_park_id_fkey;
ALTER TABLE enterprises DROP CONSTRAINT enterprises_park_id_fkey;
ALTER TABLE parks DROP CONSTRAINT parks_pkey, ADD CONSTRAINT parks_pkey PRIMARY KEY (id, zone_id);
ALTER TABLE projects ADD CONSTRAINT projects_park_id_fkey FOREIGN KEY (park_id, zone_id) REFERENCES parks (id, zone_id);
ALTER TABLE enterprises ADD CONSTRAINT enterprises_park_id_fkey FOREIGN KEY (park_id, zone_id) REFERENCES parks (id, zone_id);
ALTER TABLE contracts DROP CONSTRAINT contracts_point_id_fkey;
ALTER TABLE registration_points DROP CONSTRAINT registration_points_pkey, ADD CONSTRAINT registration_points_pkey PRIMARY KEY (id, zone_id);
-- contracts is the largest table: its new key is checked for rows written
-- from now on, and not over the existing rows under this step's lock (a
-- contract's point has always been its zone's: contract.Service draws the
-- number at the zone's point). An operator validates it when convenient,
-- without stopping writes: ALTER TABLE contracts VALIDATE CONSTRAINT
-- contracts_point_id_fkey (docs/operations.md, Upgrades).
ALTER TABLE contracts ADD CONSTRAINT contracts_point_id_fkey FOREIGN KEY (point_id, zone_id) REFERENCES registration_points (id, zone_id) NOT VALID;
