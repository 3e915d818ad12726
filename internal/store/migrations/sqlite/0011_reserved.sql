-- Reserved: 0011 is another branch's migration (merged separately). This
-- placeholder only keeps the numbers contiguous on this branch; drop it when
-- the real 0011 lands.
SELECT 1;
