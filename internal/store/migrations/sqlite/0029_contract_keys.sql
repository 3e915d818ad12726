-- Contracts keep the shard-key rule (TestShardKeyRule; docs/operations.md,
-- "National scale"). Their two national uniques move into lookup tables
-- kept by triggers, as on PostgreSQL: contract_reg_nos (every registration
-- number) and contract_dups (the duplicate key of each contract that holds
-- it: submitted, returned, under review, in second review or registered).
-- A clash fails the writing statement with a unique violation, as the
-- uniques on contracts did. SQLite cannot change a table's keys or drop a
-- column's UNIQUE without rebuilding it, and never distributes: the
-- partial unique index contracts_dup goes (contract_dups refuses the same
-- rows), reg_no keeps its column UNIQUE, and unique indexes (id, zone_id)
-- and (reg_no, zone_id) stand for the keys PostgreSQL re-keyed.
-- contract: drops the index contracts_dup. A node on the previous binary keeps working: the triggers keep the lookup tables for the rows it writes and refuse the duplicates contracts_dup refused, with the same error; its duplicate check reads contracts by dup_key without that index, slower but right.

CREATE TABLE contract_reg_nos (
    reg_no      TEXT PRIMARY KEY,
    contract_id INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE contract_dups (
    dup_key     TEXT PRIMARY KEY,
    contract_id INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TRIGGER contracts_keys_insert AFTER INSERT ON contracts FOR EACH ROW BEGIN
    INSERT INTO contract_reg_nos (reg_no, contract_id) SELECT NEW.reg_no, NEW.id WHERE NEW.reg_no IS NOT NULL;
    INSERT INTO contract_dups (dup_key, contract_id) SELECT NEW.dup_key, NEW.id
        WHERE NEW.status IN ('submitted', 'returned', 'under_review', 'second_review', 'registered');
END;
CREATE TRIGGER contracts_keys_update AFTER UPDATE OF id, reg_no, dup_key, status ON contracts FOR EACH ROW
    WHEN OLD.reg_no IS NOT NEW.reg_no OR OLD.dup_key IS NOT NEW.dup_key OR OLD.status IS NOT NEW.status OR OLD.id IS NOT NEW.id
BEGIN
    DELETE FROM contract_reg_nos WHERE reg_no = OLD.reg_no AND contract_id = OLD.id
        AND (OLD.reg_no IS NOT NEW.reg_no OR OLD.id IS NOT NEW.id);
    INSERT INTO contract_reg_nos (reg_no, contract_id) SELECT NEW.reg_no, NEW.id
        WHERE NEW.reg_no IS NOT NULL AND (OLD.reg_no IS NOT NEW.reg_no OR OLD.id IS NOT NEW.id);
    DELETE FROM contract_dups WHERE dup_key = OLD.dup_key AND contract_id = OLD.id
        AND OLD.status IN ('submitted', 'returned', 'under_review', 'second_review', 'registered')
        AND NOT (NEW.status IN ('submitted', 'returned', 'under_review', 'second_review', 'registered')
            AND NEW.dup_key IS OLD.dup_key AND NEW.id IS OLD.id);
    INSERT INTO contract_dups (dup_key, contract_id) SELECT NEW.dup_key, NEW.id
        WHERE NEW.status IN ('submitted', 'returned', 'under_review', 'second_review', 'registered')
        AND NOT (OLD.status IN ('submitted', 'returned', 'under_review', 'second_review', 'registered')
            AND NEW.dup_key IS OLD.dup_key AND NEW.id IS OLD.id);
END;
CREATE TRIGGER contracts_keys_delete AFTER DELETE ON contracts FOR EACH ROW BEGIN
    DELETE FROM contract_reg_nos WHERE reg_no = OLD.reg_no AND contract_id = OLD.id;
    DELETE FROM contract_dups WHERE dup_key = OLD.dup_key AND contract_id = OLD.id;
END;

-- The existing contracts, in key order (the tables' order).
INSERT INTO contract_reg_nos (reg_no, contract_id)
    SELECT reg_no, id FROM contracts WHERE reg_no IS NOT NULL ORDER BY reg_no;
INSERT INTO contract_dups (dup_key, contract_id)
    SELECT dup_key, id FROM contracts
    WHERE status IN ('submitted', 'returned', 'under_review', 'second_review', 'registered') ORDER BY dup_key;

DROP INDEX contracts_dup;
CREATE UNIQUE INDEX contracts_zone_key ON contracts (id, zone_id);
CREATE UNIQUE INDEX contracts_reg_no_zone_key ON contracts (reg_no, zone_id) WHERE reg_no IS NOT NULL;
