-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- national_headlines: the home page's headline figures for 協会けんぽ 全国 — the latest printed
-- value of each, the prior year's printed value where there is one, and the printed
-- year-on-year rate ("<metric> 前年度対比の増減率"). Which metrics, of which document, and in what
-- order is curated in data/metrics.csv (headline_order); next year's report needs rows there only.
-- in_national_series: the national page's 推移 view has the metric (a series of 3 or more years).
-- direction: which way is better (data/metrics.csv), for the colour of the change on the card.
CREATE VIEW national_headlines AS
WITH wanted AS (
    SELECT source, metric, headline_order, direction FROM stg_metrics WHERE headline_order IS NOT NULL
),
series AS (
    SELECT f.*, w.headline_order, w.direction,
           count(DISTINCT f.fiscal_year) OVER (PARTITION BY f.source, f.dataset, f.metric) AS series_years
    FROM stg_facts f JOIN wanted w USING (source, metric)
    WHERE f.scope = national_scope() AND f.kind = '実績' AND f.month IS NULL AND f.value IS NOT NULL
),
-- The latest year; in it the longest printed series is the reference (003's 2014–2023 table),
-- not a figure quoted once in the document's text; then the later document.
latest AS (
    SELECT * FROM series
    QUALIFY row_number() OVER (PARTITION BY metric ORDER BY fiscal_year DESC, series_years DESC, source DESC, dataset) = 1
)
SELECT l.headline_order, l.source, l.section, l.metric, l.fiscal_year, fiscal_year_label(l.fiscal_year) AS fiscal_year_label,
       l.as_of, l.value, l.unit, l.note, l.direction, l.printed_scale, l.printed_decimals,
       p.value AS prior_value, l.value - p.value AS difference,
       r.value AS printed_yoy_rate,
       l.metric IN (SELECT metric FROM national_series) AS in_national_series
FROM latest l
LEFT JOIN series p ON p.metric = l.metric AND p.source = l.source AND p.dataset = l.dataset AND p.fiscal_year = l.fiscal_year - 1
LEFT JOIN stg_facts r ON r.source = l.source AND r.scope = national_scope() AND r.metric = l.metric || ' 前年度対比の増減率'
                     AND r.fiscal_year = l.fiscal_year AND r.kind = '実績'
QUALIFY row_number() OVER (PARTITION BY l.metric ORDER BY r.dataset = l.dataset DESC NULLS LAST) = 1;
