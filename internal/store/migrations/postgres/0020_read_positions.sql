-- Read replicas: the WAL position a session's (or API token's) reads must
-- have seen, raised after each of its writes, so that read-your-writes
-- holds on whichever node serves its next request (store/replica.go).
ALTER TABLE sessions ADD COLUMN read_lsn BIGINT;
ALTER TABLE api_tokens ADD COLUMN read_lsn BIGINT;
