-- yearly_figures: one figure per series and fiscal year (source, scope, metric, kind).
-- Prefers the whole-year figure (年度), then the latest point-in-time figure (時点), then the
-- latest cumulative month (累計; a month other than 3月 marks a partial year). 単月 figures
-- are never summed into a year: a year figure exists only where the document prints one.
CREATE VIEW yearly_figures AS
SELECT source, dataset, section, scope, metric, kind, fiscal_year, basis, month, as_of, value, unit, note,
       (basis = '累計' AND month <> 3) AS is_partial
FROM facts
WHERE basis IN ('年度', '時点', '累計')
QUALIFY row_number() OVER (
    PARTITION BY source, scope, metric, kind, fiscal_year
    ORDER BY CASE basis WHEN '年度' THEN 0 WHEN '時点' THEN 1 ELSE 2 END,
             as_of DESC NULLS LAST,
             fiscal_month_index(month) DESC NULLS LAST,
             value IS NULL,
             dataset
) = 1;
