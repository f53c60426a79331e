-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- health_check_counts: the 協会's health-check and guidance counts printed for FY2022 and FY2023
-- side by side (003, 保健事業の実施状況の表), with the change between the two years, in the
-- order the document prints its rows.
CREATE VIEW health_check_counts AS
WITH rows_in_table AS (
    SELECT source, dataset, scope, metric, kind, fiscal_year, basis, data_line
    FROM stg_facts
    WHERE dataset = 'national_health_checks_table' AND scope = national_scope() AND kind = '実績'
),
printed_order AS (
    SELECT metric, dense_rank() OVER (ORDER BY min(data_line)) AS metric_order
    FROM rows_in_table GROUP BY metric
)
SELECT f.source, f.section, f.metric, f.fiscal_year, fiscal_year_label(f.fiscal_year) AS fiscal_year_label,
       f.value, f.unit, f.note,
       y.prior_value, y.difference, y.ratio,
       o.metric_order
FROM stg_facts f
JOIN printed_order o USING (metric)
LEFT JOIN year_over_year y
       ON y.source = f.source AND y.dataset = f.dataset AND y.scope = f.scope AND y.metric = f.metric
      AND y.kind = f.kind AND y.basis = f.basis AND y.fiscal_year = f.fiscal_year AND y.month IS NULL
WHERE f.dataset = 'national_health_checks_table' AND f.scope = national_scope() AND f.kind = '実績';
