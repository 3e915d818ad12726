-- Sortable lists: every column a list sorts by has an index on the list's
-- leading filter (the zone, where a list is a zone's), the column and the
-- id, so a page in that order is a range of one index (keyset), either way.
CREATE INDEX enterprises_capital ON enterprises (reg_capital_fen, id);
CREATE INDEX enterprises_zone_capital ON enterprises (zone_id, reg_capital_fen, id);
CREATE INDEX contracts_name ON contracts (name, id);
CREATE INDEX contracts_zone_name ON contracts (zone_id, name, id);
CREATE INDEX contracts_amount ON contracts (contract_amount_fen, id);
CREATE INDEX contracts_zone_amount ON contracts (zone_id, contract_amount_fen, id);
CREATE INDEX invest_projects_zone_name ON invest_projects (zone_id, name, id);
CREATE INDEX invest_projects_zone_planned ON invest_projects (zone_id, planned_fen, id);
CREATE INDEX invest_projects_zone_stage_on ON invest_projects (zone_id, stage_on, id);
CREATE INDEX projects_name ON projects (name, id);
CREATE INDEX projects_zone_name ON projects (zone_id, name, id);
CREATE INDEX projects_total ON projects (total_fen, id);
CREATE INDEX projects_zone_total ON projects (zone_id, total_fen, id);
CREATE INDEX org_organisations_zone_name ON org_organisations (zone_id, name, id);
CREATE INDEX talent_applicants_call_name ON talent_applicants (call_id, name, id);
CREATE INDEX talent_applicants_call_applied ON talent_applicants (call_id, applied_on, id);
CREATE INDEX invest_funds_zone_name ON invest_funds (zone_id, name, id);
CREATE INDEX invest_funds_zone_set_up ON invest_funds (zone_id, set_up_on, id);
CREATE INDEX invest_trips_zone_start ON invest_trips (zone_id, start_on, id);
CREATE INDEX invest_visits_zone_start ON invest_visits (zone_id, start_on, id);
CREATE INDEX honour_batches_zone_title ON honour_batches (zone_id, title, id);
CREATE INDEX honour_batches_zone_published ON honour_batches (zone_id, published_on, id);
