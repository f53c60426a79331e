-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- national_series: 全国 yearly series printed for three or more fiscal years (003: 2014–2023),
-- each year with the document's printed year-on-year rate ("<metric> 前年度対比の増減率")
-- and the difference and ratio computed from the printed levels. 日本健康会議's declarations (001,
-- whose 全国 is all of Japan) have their own views and are left out.
CREATE VIEW national_series AS
WITH levels AS (
    SELECT * FROM stg_facts
    WHERE scope = national_scope() AND kind = '実績' AND month IS NULL AND value IS NOT NULL
      AND metric NOT LIKE '%前年度対比%' AND declaration_of(metric) IS NULL
    QUALIFY count(DISTINCT fiscal_year) OVER (PARTITION BY source, dataset, metric) >= 3
)
SELECT l.source, l.section, l.dataset, l.metric, l.fiscal_year, fiscal_year_label(l.fiscal_year) AS fiscal_year_label,
       l.basis, l.as_of, l.value, l.unit, l.note, l.printed_scale, l.printed_decimals,
       r.value AS printed_yoy_rate, r.note AS printed_yoy_note,
       y.prior_value, y.difference, y.ratio
FROM levels l
LEFT JOIN stg_facts r
       ON r.source = l.source AND r.dataset = l.dataset AND r.scope = l.scope AND r.kind = l.kind
      AND r.metric = l.metric || ' 前年度対比の増減率' AND r.fiscal_year = l.fiscal_year
LEFT JOIN year_over_year y
       ON y.source = l.source AND y.dataset = l.dataset AND y.scope = l.scope AND y.metric = l.metric
      AND y.kind = l.kind AND y.basis = l.basis AND y.fiscal_year = l.fiscal_year AND y.month IS NULL;
