-- The parties' own contract number (合同编号), as the national registration
-- system and clerks' spreadsheets carry it; imports store it. Empty when
-- the contract has none.
ALTER TABLE contracts ADD COLUMN contract_no TEXT NOT NULL DEFAULT '';
