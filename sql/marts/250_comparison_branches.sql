-- materialized: table (distinct over branch_vs_national; computed once per build)
-- comparison_branches: the branches that have, for some metric and year, a target, a national
-- figure or a rank to set their actual against, with the JIS code that orders them.
CREATE VIEW comparison_branches AS
SELECT DISTINCT b.code, v.branch
FROM branch_vs_national v JOIN stg_branches b USING (branch)
WHERE v.branch_target IS NOT NULL OR v.national_actual IS NOT NULL OR v.national_rank IS NOT NULL;
