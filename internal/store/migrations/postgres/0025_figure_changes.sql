-- Figure changes for other processes on the same file (SQLite, changes.go):
-- each committed transaction that changed figure data appends what it
-- changed ("node zone:year,…" or "node *"); a watcher reads the rows
-- appended since it last looked. PostgreSQL sends the same payload with
-- NOTIFY and leaves the table empty; it is here for the same schema.
CREATE TABLE figure_changes (
	seq BIGSERIAL PRIMARY KEY,
	payload TEXT NOT NULL
);
