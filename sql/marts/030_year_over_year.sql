-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- year_over_year: each monthly or yearly figure beside the same month / year of the prior
-- fiscal year (same source, scope, metric, kind and basis), with the difference and the ratio.
-- The prior figure comes from the same table where it exists there, else from another table
-- of the same document. For % figures the difference is in points.
CREATE VIEW year_over_year AS
SELECT f.source, f.section, f.dataset, f.scope, f.metric, f.kind, f.basis,
       f.fiscal_year, f.month,
       f.fiscal_month,
       f.as_of, f.value, f.unit,
       p.value AS prior_value,
       f.value - p.value AS difference,
       CASE WHEN f.unit = '%' THEN 'ポイント' ELSE f.unit END AS difference_unit,
       CASE WHEN p.value IS NOT NULL AND p.value <> 0 THEN f.value / p.value END AS ratio,
       f.note, p.note AS prior_note
FROM stg_facts f
LEFT JOIN stg_facts p
       ON p.source = f.source AND p.scope = f.scope AND p.metric = f.metric AND p.kind = f.kind
      AND p.basis = f.basis AND p.month IS NOT DISTINCT FROM f.month
      AND p.fiscal_year = f.fiscal_year - 1 AND p.unit = f.unit
WHERE f.kind IN ('実績', '目標')
QUALIFY row_number() OVER (
    PARTITION BY f.source, f.dataset, f.scope, f.metric, f.kind, f.fiscal_year, f.month, f.basis
    ORDER BY (p.dataset = f.dataset) DESC NULLS LAST, p.dataset
) = 1;
