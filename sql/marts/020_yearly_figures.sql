-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- yearly_figures: one figure per series and fiscal year (source, scope, metric, kind).
-- Prefers the whole-year figure (年度), then the latest point-in-time figure (時点), then the
-- latest cumulative month (累計; a month other than 3月 marks a partial year). 単月 figures
-- are never summed into a year: a year figure exists only where the document prints one.
-- A year is partial when its figure is a 累計 before March or a stock taken before the
-- fiscal year's end (e.g. 令和6年9月末); period_month names the month it runs to.
CREATE VIEW yearly_figures AS
SELECT source, dataset, section, scope, metric, kind, fiscal_year, basis,
       CASE WHEN basis = '時点' AND as_of IS NOT NULL THEN month(as_of) ELSE month END AS month,
       as_of, value, unit, note, printed_scale, printed_decimals,
       CASE basis
           WHEN '累計' THEN fiscal_month <> 12
           WHEN '時点' THEN as_of IS NOT NULL AND as_of < fiscal_year_end(fiscal_year)
           ELSE false END AS is_partial
FROM stg_facts
WHERE basis IN ('年度', '時点', '累計')
QUALIFY row_number() OVER (
    PARTITION BY source, scope, metric, kind, fiscal_year
    ORDER BY CASE basis WHEN '年度' THEN 0 WHEN '時点' THEN 1 ELSE 2 END,
             as_of DESC NULLS LAST,
             fiscal_month DESC NULLS LAST,
             value IS NULL,
             dataset
) = 1;
