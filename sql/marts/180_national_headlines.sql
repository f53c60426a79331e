-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- national_headlines: the home page's headline figures for 協会けんぽ 全国 — the latest printed
-- value of each, the prior year's printed value where there is one, and the printed
-- year-on-year rate ("<metric> 前年度対比の増減率").
CREATE VIEW national_headlines AS
WITH wanted(headline_order, metric) AS (
    VALUES (1, '加入者数'), (2, '被保険者数'), (3, '適用事業所数'), (4, '加入者1人当たりの医療費総額')
),
series AS (
    SELECT f.*, w.headline_order,
           count(DISTINCT f.fiscal_year) OVER (PARTITION BY f.source, f.dataset, f.metric) AS series_years
    FROM stg_facts f JOIN wanted w USING (metric)
    WHERE f.scope = national_scope() AND f.kind = '実績' AND f.month IS NULL AND f.value IS NOT NULL
),
-- The longest printed series is the reference (003's 2014–2023 table), not a rounded
-- figure quoted in another document's text.
latest AS (
    SELECT * FROM series
    QUALIFY row_number() OVER (PARTITION BY metric ORDER BY series_years DESC, fiscal_year DESC, source, dataset) = 1
)
SELECT l.headline_order, l.source, l.section, l.metric, l.fiscal_year, fiscal_year_label(l.fiscal_year) AS fiscal_year_label,
       l.as_of, l.value, l.unit, l.note,
       p.value AS prior_value, l.value - p.value AS difference,
       r.value AS printed_yoy_rate
FROM latest l
LEFT JOIN series p ON p.metric = l.metric AND p.source = l.source AND p.dataset = l.dataset AND p.fiscal_year = l.fiscal_year - 1
LEFT JOIN stg_facts r ON r.source = l.source AND r.scope = national_scope() AND r.metric = l.metric || ' 前年度対比の増減率'
                 AND r.fiscal_year = l.fiscal_year AND r.kind = '実績'
QUALIFY row_number() OVER (PARTITION BY l.metric ORDER BY r.dataset = l.dataset DESC NULLS LAST) = 1;
