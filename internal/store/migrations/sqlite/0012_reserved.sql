-- Reserved: 0012 is another branch's migration (merged separately). This
-- placeholder only keeps the numbers contiguous on this branch; drop it when
-- the real 0012 lands.
SELECT 1;
