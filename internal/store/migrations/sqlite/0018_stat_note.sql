-- An entered statistic's note: the reason an outlier (a value outside the
-- indicator's usual range) is right, which such a value requires, and the
-- "(示例)" mark of the demo's illustrative entries.
ALTER TABLE stat_entries ADD COLUMN note TEXT NOT NULL DEFAULT '';
