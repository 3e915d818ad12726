-- Registry lists ordered by id (the default, newest first) with a status,
-- type or technical-field filter, nationally and within a zone. 0003's
-- indexes give those filters the certificate-date order only, so at
-- national scale (5,000,000 contracts) such a list read every matching row
-- and sorted it — seconds for a national type filter, tens of milliseconds
-- for a rare type in a big zone (bench/contracts.sh). With these, every
-- single-filter list, with or without a zone, reads its page in index
-- order and stops after it.
CREATE INDEX contracts_status_id ON contracts (status, id);
CREATE INDEX contracts_type_id ON contracts (type, id);
CREATE INDEX contracts_field_id ON contracts (field, id);
CREATE INDEX contracts_zone_status_id ON contracts (zone_id, status, id);
CREATE INDEX contracts_zone_type_id ON contracts (zone_id, type, id);
CREATE INDEX contracts_zone_field_id ON contracts (zone_id, field, id);
