-- Figure changes for other processes on the same file (changes.go): each
-- committed transaction that changed figure data appends what it changed
-- ("node zone:year,…" or "node *"); a watcher reads the rows appended since
-- it last looked. Only the latest rows are kept. (PostgreSQL sends the
-- same payload with NOTIFY; the table is there for the same schema.)
CREATE TABLE figure_changes (
	seq INTEGER PRIMARY KEY AUTOINCREMENT,
	payload TEXT NOT NULL
);
