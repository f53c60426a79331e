-- materialized: table (a probe of every figure per branch; computed once per build)
-- monthly_branches: the branches with figures printed by month, for the 支部 月次 page's picker,
-- with the JIS code that orders them.
CREATE VIEW monthly_branches AS
SELECT b.code, b.branch
FROM stg_branches b
WHERE EXISTS (SELECT 1 FROM stg_facts f WHERE f.scope = b.branch AND f.month IS NOT NULL);
