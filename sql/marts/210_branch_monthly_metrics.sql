-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- branch_monthly_metrics: what the 支部 月次 page can draw: one row per branch, metric and basis
-- of the actuals printed by month, with how many figures are printed in all and at most in one
-- fiscal year. A series printed once a year (a 上期 or 第三四半期 累計, a stock at one month) has
-- at most one figure per year: it is a yearly series, not a monthly line. A metric whose monthly
-- rows carry no figure at all (a table printed as an image only: value NULL) is left out, since
-- there is nothing to draw; its rows stay in facts and on the data page.
CREATE VIEW branch_monthly_metrics AS
WITH per_year AS (
    SELECT scope, metric, basis, fiscal_year, any_value(unit) AS unit,
           min(source) AS source, min(dataset) AS dataset, min(section) AS section,
           count(value) AS printed
    FROM stg_facts
    WHERE month IS NOT NULL AND kind = '実績' AND scope <> national_scope()
    GROUP BY scope, metric, basis, fiscal_year
)
SELECT scope AS branch, metric, basis, any_value(unit) AS unit,
       count(fiscal_year) FILTER (WHERE printed > 0) AS years,
       sum(printed)::INTEGER AS printed,
       max(printed)::INTEGER AS max_per_year,
       min(section) AS section, min(source) AS source, min(dataset) AS dataset
FROM per_year
GROUP BY scope, metric, basis
HAVING sum(printed) > 0;
