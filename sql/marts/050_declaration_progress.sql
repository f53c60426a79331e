-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- declaration_progress: each 日本健康会議 declaration result (宣言1 … 宣言8 and their sub-rows;
-- metrics named '宣言<number>…' only)
-- beside the target in force that year (the latest target whose first year is not after it,
-- so a revision such as 800 → 1500 市町村 from 2019 applies from then on), the share of the
-- target reached, the increase over the prior year, whether it was met, and the first year met.
CREATE VIEW declaration_progress AS
-- A figure printed in several tables (e.g. the yearly table and the 2019/2020 chart) counts
-- once: the table with the most years wins.
WITH declared AS (
    SELECT *, count(DISTINCT fiscal_year) OVER (PARTITION BY source, dataset) AS dataset_years
    FROM stg_facts WHERE declaration_of(metric) IS NOT NULL
),
results AS (
    SELECT * FROM declared WHERE kind = '実績' AND basis = '年度'
    QUALIFY row_number() OVER (PARTITION BY source, scope, metric, unit, fiscal_year
                               ORDER BY dataset_years DESC, dataset) = 1
),
targets AS (
    SELECT source, scope, metric, unit, fiscal_year AS target_since, value AS target, note AS target_note
    FROM declared WHERE kind = '目標' AND value IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY source, scope, metric, unit, fiscal_year
                               ORDER BY dataset_years DESC, dataset) = 1
),
joined AS (
    SELECT r.source, r.section, r.scope, r.metric, r.fiscal_year, r.value, r.unit, r.note,
           t.target, t.target_since, t.target_note,
           p.value AS prior_value
    FROM results r
    ASOF LEFT JOIN targets t
           ON t.source = r.source AND t.scope = r.scope AND t.metric = r.metric AND t.unit = r.unit
          AND r.fiscal_year >= t.target_since
    LEFT JOIN results p
           ON p.source = r.source AND p.scope = r.scope AND p.metric = r.metric AND p.unit = r.unit
          AND p.fiscal_year = r.fiscal_year - 1
)
SELECT source, section, scope, metric,
       declaration_of(metric) AS declaration,
       fiscal_year, value, unit, note,
       target, target_since, target_note,
       CASE WHEN target IS NOT NULL AND target <> 0 THEN 100.0 * value / target END AS target_share,
       value - prior_value AS increase,
       CASE WHEN target IS NULL OR value IS NULL THEN NULL ELSE value >= target END AS met,
       min(CASE WHEN target IS NOT NULL AND value >= target THEN fiscal_year END)
           OVER (PARTITION BY source, scope, metric, unit) AS first_year_met
FROM joined;
