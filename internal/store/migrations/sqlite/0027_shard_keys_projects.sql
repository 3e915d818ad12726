-- Shard keys for projects and their children, parks, registration points,
-- attachments and contract lines (TestShardKeyRule; docs/operations.md,
-- "National scale"). SQLite cannot change a table's keys without
-- rebuilding it, and never distributes: children without a zone_id get
-- one, backfilled from the parent and filled after insert from the parent
-- when left NULL (as a binary before this step writes them), and a unique
-- index holding zone_id stands beside each key and unique that lacks it,
-- as step 0021 did.
-- contract: a node on the previous binary keeps working: the columns are added nullable, the triggers fill them for the rows it writes, and the indexes only add.

-- 1. The new columns, backfilled, and the triggers that fill them.
ALTER TABLE project_findings ADD COLUMN zone_id INTEGER;
ALTER TABLE project_items ADD COLUMN zone_id INTEGER;
ALTER TABLE project_methods ADD COLUMN zone_id INTEGER;
ALTER TABLE project_parties ADD COLUMN zone_id INTEGER;
ALTER TABLE project_plans ADD COLUMN zone_id INTEGER;
ALTER TABLE attachment_data ADD COLUMN zone_id INTEGER;
ALTER TABLE contract_payments ADD COLUMN zone_id INTEGER;
ALTER TABLE contract_deductions ADD COLUMN zone_id INTEGER;

UPDATE project_findings SET zone_id = (SELECT p.zone_id FROM projects p WHERE p.id = project_findings.project_id);
UPDATE project_items SET zone_id = (SELECT p.zone_id FROM projects p WHERE p.id = project_items.project_id);
UPDATE project_methods SET zone_id = (SELECT p.zone_id FROM projects p WHERE p.id = project_methods.project_id);
UPDATE project_parties SET zone_id = (SELECT p.zone_id FROM projects p WHERE p.id = project_parties.project_id);
UPDATE project_plans SET zone_id = (SELECT p.zone_id FROM projects p WHERE p.id = project_plans.project_id);
UPDATE attachment_data SET zone_id = (SELECT a.zone_id FROM attachments a WHERE a.id = attachment_data.attachment_id);
UPDATE contract_payments SET zone_id = (SELECT c.zone_id FROM contracts c WHERE c.id = contract_payments.contract_id);
UPDATE contract_deductions SET zone_id = (SELECT c.zone_id FROM contracts c WHERE c.id = contract_deductions.contract_id);

CREATE TRIGGER project_findings_zone AFTER INSERT ON project_findings FOR EACH ROW WHEN NEW.zone_id IS NULL BEGIN
    UPDATE project_findings SET zone_id = (SELECT p.zone_id FROM projects p WHERE p.id = NEW.project_id) WHERE id = NEW.id;
END;
CREATE TRIGGER project_items_zone AFTER INSERT ON project_items FOR EACH ROW WHEN NEW.zone_id IS NULL BEGIN
    UPDATE project_items SET zone_id = (SELECT p.zone_id FROM projects p WHERE p.id = NEW.project_id) WHERE id = NEW.id;
END;
CREATE TRIGGER project_methods_zone AFTER INSERT ON project_methods FOR EACH ROW WHEN NEW.zone_id IS NULL BEGIN
    UPDATE project_methods SET zone_id = (SELECT p.zone_id FROM projects p WHERE p.id = NEW.project_id) WHERE id = NEW.id;
END;
CREATE TRIGGER project_parties_zone AFTER INSERT ON project_parties FOR EACH ROW WHEN NEW.zone_id IS NULL BEGIN
    UPDATE project_parties SET zone_id = (SELECT p.zone_id FROM projects p WHERE p.id = NEW.project_id) WHERE id = NEW.id;
END;
CREATE TRIGGER project_plans_zone AFTER INSERT ON project_plans FOR EACH ROW WHEN NEW.zone_id IS NULL BEGIN
    UPDATE project_plans SET zone_id = (SELECT p.zone_id FROM projects p WHERE p.id = NEW.project_id)
        WHERE project_id = NEW.project_id AND version = NEW.version;
END;
CREATE TRIGGER attachment_data_zone AFTER INSERT ON attachment_data FOR EACH ROW WHEN NEW.zone_id IS NULL BEGIN
    UPDATE attachment_data SET zone_id = (SELECT a.zone_id FROM attachments a WHERE a.id = NEW.attachment_id)
        WHERE attachment_id = NEW.attachment_id;
END;
CREATE TRIGGER contract_payments_zone AFTER INSERT ON contract_payments FOR EACH ROW WHEN NEW.zone_id IS NULL BEGIN
    UPDATE contract_payments SET zone_id = (SELECT c.zone_id FROM contracts c WHERE c.id = NEW.contract_id)
        WHERE contract_id = NEW.contract_id AND line = NEW.line;
END;
CREATE TRIGGER contract_deductions_zone AFTER INSERT ON contract_deductions FOR EACH ROW WHEN NEW.zone_id IS NULL BEGIN
    UPDATE contract_deductions SET zone_id = (SELECT c.zone_id FROM contracts c WHERE c.id = NEW.contract_id)
        WHERE contract_id = NEW.contract_id AND line = NEW.line;
END;

-- 2. Each key and unique with zone_id (zone_id last, as on PostgreSQL).
CREATE UNIQUE INDEX projects_zone_key ON projects (id, zone_id);
CREATE UNIQUE INDEX project_inspections_zone_key ON project_inspections (id, zone_id);
CREATE UNIQUE INDEX project_findings_zone_key ON project_findings (id, zone_id);
CREATE UNIQUE INDEX project_findings_row_zone_key ON project_findings (inspection_id, row_no, zone_id);
CREATE UNIQUE INDEX project_items_zone_key ON project_items (id, zone_id);
CREATE UNIQUE INDEX project_methods_zone_key ON project_methods (id, zone_id);
CREATE UNIQUE INDEX project_parties_zone_key ON project_parties (id, zone_id);
CREATE UNIQUE INDEX project_plans_zone_key ON project_plans (project_id, version, zone_id);
CREATE UNIQUE INDEX project_reports_zone_key ON project_reports (id, zone_id);
CREATE UNIQUE INDEX project_reports_period_zone_key ON project_reports (project_id, period, zone_id);
CREATE UNIQUE INDEX parks_zone_key ON parks (id, zone_id);
CREATE UNIQUE INDEX registration_points_zone_key ON registration_points (id, zone_id);
CREATE UNIQUE INDEX attachments_zone_key ON attachments (id, zone_id);
CREATE UNIQUE INDEX attachment_data_zone_key ON attachment_data (attachment_id, zone_id);
CREATE UNIQUE INDEX contract_payments_zone_key ON contract_payments (contract_id, line, zone_id);
CREATE UNIQUE INDEX contract_deductions_zone_key ON contract_deductions (contract_id, line, zone_id);
