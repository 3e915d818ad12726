-- PostgreSQL's step 0028 makes the rollups' primary key hold value. On
-- SQLite rollups is a WITHOUT ROWID table: its primary key already holds
-- every column, and every read of a zone's rows is a range of it. Nothing
-- to change; the step keeps both engines' numbering alike.
SELECT 1;
