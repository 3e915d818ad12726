-- Contract imports stage in a side file (SQLite) or straight in their own
-- transaction (PostgreSQL); the staging tables of 0005 are no longer
-- written. An import interrupted while they were still used was marked
-- failed when its process next started, and its rows can never commit.
DROP TABLE contract_import_events;
DROP TABLE contract_import_deductions;
DROP TABLE contract_import_rows;
