-- A talent call's quota (名额: how many applicants it may grant support;
-- 0 sets no bound) and its version, which a change of the call (its
-- window, title or quota) must name.
ALTER TABLE talent_calls ADD COLUMN quota INTEGER NOT NULL DEFAULT 0;
ALTER TABLE talent_calls ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
