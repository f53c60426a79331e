-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- metric_catalogue: every metric with its unit(s), years, scopes and direction, for pickers and labels.
CREATE VIEW metric_catalogue AS
SELECT f.source, f.dataset, f.metric,
       string_agg(DISTINCT f.unit, '・' ORDER BY f.unit) AS unit,
       min(f.fiscal_year) AS first_year, max(f.fiscal_year) AS last_year,
       string_agg(DISTINCT f.scope, '・' ORDER BY f.scope) AS scopes,
       bool_or(f.month IS NOT NULL) AS has_months,
       bool_or(f.kind = '目標') AS has_target,
       bool_or(f.kind = '順位') AS has_rank,
       any_value(m.direction) AS direction,
       count(*) AS figures
FROM stg_facts f
LEFT JOIN stg_metrics m ON m.source = f.source AND m.metric = f.metric
GROUP BY f.source, f.dataset, f.metric;
