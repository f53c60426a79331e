-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- health_check_counts: the 協会's health-check and guidance counts as one table of the documents
-- prints them side by side (003, 保健事業の実施状況の表: FY2022 and FY2023), with the change
-- between the years, in the order the document prints its rows. Which counts belong to the table is
-- curated in data/metrics.csv (health_check_table). A count quoted again in another table of the
-- document (e.g. 健康宣言事業所数 in the KPI table) is left out there: per document the table is the
-- dataset holding the most of them; of several documents, the one reaching the latest year.
CREATE VIEW health_check_counts AS
WITH counts AS (
    SELECT f.*
    FROM stg_facts f JOIN stg_metrics m USING (source, metric)
    WHERE m.health_check_table AND f.scope = national_scope() AND f.kind = '実績'
),
tables AS (
    SELECT source, dataset, max(fiscal_year) AS last_year
    FROM counts
    GROUP BY source, dataset
    QUALIFY row_number() OVER (PARTITION BY source ORDER BY count(DISTINCT metric) DESC, dataset) = 1
),
chosen AS (
    SELECT source, dataset FROM tables ORDER BY last_year DESC, source DESC LIMIT 1
),
rows_in_table AS (
    SELECT c.* FROM counts c JOIN chosen USING (source, dataset)
),
printed_order AS (
    SELECT metric, dense_rank() OVER (ORDER BY min(data_line)) AS metric_order
    FROM rows_in_table GROUP BY metric
)
SELECT f.source, f.section, f.metric, f.fiscal_year, fiscal_year_label(f.fiscal_year) AS fiscal_year_label,
       f.value, f.unit, f.note, f.printed_scale, f.printed_decimals,
       y.prior_value, y.difference, y.ratio,
       o.metric_order
FROM rows_in_table f
JOIN printed_order o USING (metric)
LEFT JOIN year_over_year y
       ON y.source = f.source AND y.dataset = f.dataset AND y.scope = f.scope AND y.metric = f.metric
      AND y.kind = f.kind AND y.basis = f.basis AND y.fiscal_year = f.fiscal_year AND y.month IS NULL;
