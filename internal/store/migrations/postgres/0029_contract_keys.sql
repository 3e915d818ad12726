-- Contracts keep the shard-key rule (TestShardKeyRule; docs/operations.md,
-- "National scale"). Their two uniques are national, not per zone — a
-- registration number (reg_no), and the duplicate key of a contract that
-- holds it (dup_key while submitted, returned, under review, in second
-- review or registered) — so they move into two national lookup tables,
-- contract_reg_nos and contract_dups: no zone_id and no foreign key, so
-- not zone-owned (on Citus, reference tables). Triggers on contracts keep
-- them, for every writer: this binary, the imports' COPY, migrate-data,
-- and a node on the previous binary, which does not know them. A clash
-- fails the writing statement with a unique violation (SQLSTATE 23505) as
-- the uniques on contracts did, so every writer refuses a duplicate or a
-- number already held as before. Then contracts' key becomes (id,
-- zone_id), id first, and the foreign keys into it (contract_id, zone_id).
-- contract: swaps contracts' primary key (id) for (id, zone_id) and the foreign keys of contract_events, contract_payments and contract_deductions to (contract_id, zone_id). A node on the previous binary keeps working while and after it runs: it never names these keys (no ON CONFLICT on contracts), the triggers keep the lookup tables for the rows it writes and refuse what the uniques refuse, with the same SQLSTATE its code maps to the same user error; ids still come from the same identity; and its child rows already hold their contract's zone (step 0027). Contracts' unique reg_no and the partial unique index contracts_dup stay for one release (previousBinaryUniques in the shard-key test): the previous binary's duplicate check and its import's number lookup read contracts by dup_key and reg_no through them, and would scan the table without them. The first step after the next release drops them; until then they refuse exactly what the lookup tables refuse.

-- 1. The lookup tables, the functions and the triggers that keep them.
-- This part only adds and may be run by hand before the upgrade, the
-- backfill below in batches, while nodes on the previous binary serve
-- (docs/operations.md, Upgrades): the step then finds it done.
CREATE TABLE IF NOT EXISTS contract_reg_nos (
    reg_no      TEXT PRIMARY KEY,
    contract_id BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS contract_dups (
    dup_key     TEXT PRIMARY KEY,
    contract_id BIGINT NOT NULL
);

-- The statuses in which a contract holds its duplicate key
-- (contract.HoldsDuplicateKey; the partial index contracts_dup listed the
-- same).
CREATE OR REPLACE FUNCTION contract_holds_dup(status TEXT) RETURNS BOOLEAN LANGUAGE sql IMMUTABLE AS $f$
    SELECT status IN ('submitted', 'returned', 'under_review', 'second_review', 'registered')
$f$;

-- Inserts and deletes are set-based (one statement per COPY or multi-row
-- INSERT, through the transition table); an update changes one contract.
CREATE OR REPLACE FUNCTION contract_keys_insert() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO contract_reg_nos (reg_no, contract_id) SELECT n.reg_no, n.id FROM new_contracts n WHERE n.reg_no IS NOT NULL;
    INSERT INTO contract_dups (dup_key, contract_id) SELECT n.dup_key, n.id FROM new_contracts n WHERE contract_holds_dup(n.status);
    RETURN NULL;
END
$f$;
CREATE OR REPLACE FUNCTION contract_keys_delete() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    DELETE FROM contract_reg_nos r USING old_contracts o WHERE r.reg_no = o.reg_no AND r.contract_id = o.id;
    DELETE FROM contract_dups d USING old_contracts o WHERE d.dup_key = o.dup_key AND d.contract_id = o.id;
    RETURN NULL;
END
$f$;
CREATE OR REPLACE FUNCTION contract_keys_update() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
    old_dup TEXT := CASE WHEN contract_holds_dup(OLD.status) THEN OLD.dup_key END;
    new_dup TEXT := CASE WHEN contract_holds_dup(NEW.status) THEN NEW.dup_key END;
BEGIN
    IF OLD.reg_no IS DISTINCT FROM NEW.reg_no OR OLD.id <> NEW.id THEN
        DELETE FROM contract_reg_nos WHERE reg_no = OLD.reg_no AND contract_id = OLD.id;
        IF NEW.reg_no IS NOT NULL THEN
            INSERT INTO contract_reg_nos (reg_no, contract_id) VALUES (NEW.reg_no, NEW.id);
        END IF;
    END IF;
    IF old_dup IS DISTINCT FROM new_dup OR OLD.id <> NEW.id THEN
        DELETE FROM contract_dups WHERE dup_key = old_dup AND contract_id = OLD.id;
        IF new_dup IS NOT NULL THEN
            INSERT INTO contract_dups (dup_key, contract_id) VALUES (new_dup, NEW.id);
        END IF;
    END IF;
    RETURN NULL;
END
$f$;
CREATE OR REPLACE FUNCTION contract_keys_truncate() RETURNS trigger LANGUAGE plpgsql AS $f$
BEGIN
    TRUNCATE contract_reg_nos, contract_dups;
    RETURN NULL;
END
$f$;

DROP TRIGGER IF EXISTS contracts_keys_insert ON contracts;
CREATE TRIGGER contracts_keys_insert AFTER INSERT ON contracts REFERENCING NEW TABLE AS new_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION contract_keys_insert();
DROP TRIGGER IF EXISTS contracts_keys_update ON contracts;
CREATE TRIGGER contracts_keys_update AFTER UPDATE OF id, reg_no, dup_key, status ON contracts FOR EACH ROW
    WHEN (OLD.reg_no IS DISTINCT FROM NEW.reg_no OR OLD.dup_key IS DISTINCT FROM NEW.dup_key
        OR OLD.status IS DISTINCT FROM NEW.status OR OLD.id <> NEW.id)
    EXECUTE FUNCTION contract_keys_update();
DROP TRIGGER IF EXISTS contracts_keys_delete ON contracts;
CREATE TRIGGER contracts_keys_delete AFTER DELETE ON contracts REFERENCING OLD TABLE AS old_contracts
    FOR EACH STATEMENT EXECUTE FUNCTION contract_keys_delete();
DROP TRIGGER IF EXISTS contracts_keys_truncate ON contracts;
CREATE TRIGGER contracts_keys_truncate AFTER TRUNCATE ON contracts FOR EACH STATEMENT EXECUTE FUNCTION contract_keys_truncate();

-- The existing contracts. The triggers above hold contracts against writes
-- until the step commits (CREATE TRIGGER's lock lets reads through), so no
-- row changes under these statements; rows a backfill run beforehand put
-- there are left alone.
-- In key order: the new index is written page after page.
INSERT INTO contract_reg_nos (reg_no, contract_id)
    SELECT c.reg_no, c.id FROM contracts c
    WHERE c.reg_no IS NOT NULL AND NOT EXISTS (SELECT 1 FROM contract_reg_nos r WHERE r.reg_no = c.reg_no)
    ORDER BY c.reg_no;
INSERT INTO contract_dups (dup_key, contract_id)
    SELECT c.dup_key, c.id FROM contracts c
    WHERE contract_holds_dup(c.status) AND NOT EXISTS (SELECT 1 FROM contract_dups d WHERE d.dup_key = c.dup_key)
    ORDER BY c.dup_key;

-- 2. The new key's index, unless built beforehand (CREATE UNIQUE INDEX
-- CONCURRENTLY contracts_zone_key ON contracts (id, zone_id)); one such
-- build that failed left an invalid index, built again here.
DO $do$
DECLARE
    valid BOOLEAN;
BEGIN
    SELECT i.indisvalid INTO valid FROM pg_index i WHERE i.indexrelid = to_regclass('contracts_zone_key');
    IF valid IS NOT NULL AND NOT valid THEN
        DROP INDEX contracts_zone_key;
    END IF;
    IF valid IS NULL OR NOT valid THEN
        CREATE UNIQUE INDEX contracts_zone_key ON contracts (id, zone_id);
    END IF;
END
$do$;

-- 3. Last, as they take the lock of the table every contract page reads
-- (for milliseconds): the key becomes (id, zone_id) and the foreign keys
-- into it (contract_id, zone_id).
ALTER TABLE contract_events DROP CONSTRAINT contract_events_contract_id_fkey;
ALTER TABLE contract_payments DROP CONSTRAINT contract_payments_contract_id_fkey;
ALTER TABLE contract_deductions DROP CONSTRAINT contract_deductions_contract_id_fkey;
ALTER TABLE contracts DROP CONSTRAINT contracts_pkey,
    ADD CONSTRAINT contracts_pkey PRIMARY KEY USING INDEX contracts_zone_key;
-- Checked for the rows written from now on, not over the existing ones
-- under this step's lock: every line and event was written with its
-- contract's zone (the binary writes it, step 0027 filled the lines', and
-- a contract never changes zone). An operator validates them when
-- convenient, without stopping writes (docs/operations.md, Upgrades).
ALTER TABLE contract_events ADD CONSTRAINT contract_events_contract_id_fkey
    FOREIGN KEY (contract_id, zone_id) REFERENCES contracts (id, zone_id) NOT VALID;
ALTER TABLE contract_payments ADD CONSTRAINT contract_payments_contract_id_fkey
    FOREIGN KEY (contract_id, zone_id) REFERENCES contracts (id, zone_id) NOT VALID;
ALTER TABLE contract_deductions ADD CONSTRAINT contract_deductions_contract_id_fkey
    FOREIGN KEY (contract_id, zone_id) REFERENCES contracts (id, zone_id) NOT VALID;
