-- Lists that page by keyset read their page in index order and stop after
-- it. Users are listed by username then id, nationally and within a zone;
-- a user's API tokens newest first. (Saved bulletins, statistics, jobs and
-- histories are served by indexes they already had: bulletins_zone, the
-- unique key of stat_entries, the jobs' primary key, audit_entity and
-- contract_events_contract.) The new indexes begin with the columns of
-- those they replace.
CREATE INDEX users_name ON users (username, id);
CREATE INDEX users_zone_name ON users (zone_id, username, id);
DROP INDEX users_zone;
CREATE INDEX api_tokens_user_id ON api_tokens (user_id, id);
DROP INDEX api_tokens_user;
