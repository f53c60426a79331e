-- materialized: table (an aggregate over branch_vs_national; computed once per build)
-- comparison_metrics: per branch, the metrics that have a target, a national figure or a rank in
-- some year, with what they have; source is the first document printing the metric for the branch.
CREATE VIEW comparison_metrics AS
SELECT branch, metric, any_value(unit) AS unit, any_value(direction) AS direction,
       bool_or(national_actual IS NOT NULL) AS has_national,
       bool_or(branch_target IS NOT NULL) AS has_target,
       bool_or(national_rank IS NOT NULL) AS has_rank,
       min(source) AS source
FROM branch_vs_national
GROUP BY branch, metric
HAVING bool_or(branch_target IS NOT NULL OR national_actual IS NOT NULL OR national_rank IS NOT NULL);
