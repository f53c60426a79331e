-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- pacing_estimates: 年度末見込み, a pacing estimate for each branch monthly series whose latest
-- fiscal year is printed only part way ("if the rest of the year moves as the prior year did"),
-- one row per such series; a computed figure, never a printed one.
--   累計・時点: March = the latest month's value + (the prior year's March − the prior year's value
--     at the same month). pacing_paths gives each remaining month the same way.
--   単月 counts: the year's total = the total of the months so far × (the prior year's total of its
--     12 months ÷ the prior year's total of the same months).
-- No estimate (estimate NULL, status says why) without the prior year's months it needs, with
-- fewer than 3 months so far, or for a 単月 rate (a % or ratio has no year total to scale).
CREATE VIEW pacing_estimates AS
WITH series AS (  -- one value per series and month (a month printed in two tables of a document: equal)
    SELECT source, scope, metric, basis, unit, fiscal_year, fiscal_month, any_value(month) AS month,
           any_value(value) AS value
    FROM branch_monthly_series
    GROUP BY ALL
),
years AS (
    SELECT source, scope, metric, basis, unit, fiscal_year,
           max(fiscal_month) AS last_fiscal_month, count(*) AS months,
           round(sum(value), 6) AS total  -- rounded: a float sum's last digits follow the order summed
    FROM series
    GROUP BY ALL
),
latest AS (  -- each series' latest year, when it is a part year
    SELECT * FROM years
    QUALIFY fiscal_year = max(fiscal_year) OVER (PARTITION BY source, scope, metric, basis, unit)
        AND last_fiscal_month < 12
),
decimals AS (
    SELECT source, scope, metric, basis, unit, max(printed_decimals) AS decimals
    FROM facts
    WHERE kind = '実績' AND month IS NOT NULL
    GROUP BY ALL
),
joined AS (
    SELECT l.source, l.scope, l.metric, l.basis, l.unit, l.fiscal_year,
           l.last_fiscal_month, l.months, l.total AS months_total,
           now_v.month AS last_month, now_v.value AS last_value,
           p.fiscal_year AS prior_year, p.months AS prior_months,
           prior_at.value AS prior_value_at_last_month,
           prior_march.value AS prior_march_value,
           p.total AS prior_year_total,
           (SELECT round(sum(s.value), 6) FROM series s
             WHERE s.source = l.source AND s.scope = l.scope AND s.metric = l.metric AND s.basis = l.basis
               AND s.unit = l.unit AND s.fiscal_year = l.fiscal_year - 1
               AND s.fiscal_month <= l.last_fiscal_month) AS prior_same_months_total,
           coalesce(d.decimals, 0) AS decimals
    FROM latest l
    JOIN series now_v
      ON now_v.source = l.source AND now_v.scope = l.scope AND now_v.metric = l.metric
     AND now_v.basis = l.basis AND now_v.unit = l.unit AND now_v.fiscal_year = l.fiscal_year
     AND now_v.fiscal_month = l.last_fiscal_month
    LEFT JOIN years p
      ON p.source = l.source AND p.scope = l.scope AND p.metric = l.metric AND p.basis = l.basis
     AND p.unit = l.unit AND p.fiscal_year = l.fiscal_year - 1
    LEFT JOIN series prior_at
      ON prior_at.source = l.source AND prior_at.scope = l.scope AND prior_at.metric = l.metric
     AND prior_at.basis = l.basis AND prior_at.unit = l.unit AND prior_at.fiscal_year = l.fiscal_year - 1
     AND prior_at.fiscal_month = l.last_fiscal_month
    LEFT JOIN series prior_march
      ON prior_march.source = l.source AND prior_march.scope = l.scope AND prior_march.metric = l.metric
     AND prior_march.basis = l.basis AND prior_march.unit = l.unit
     AND prior_march.fiscal_year = l.fiscal_year - 1 AND prior_march.fiscal_month = 12
    LEFT JOIN decimals d
      ON d.source = l.source AND d.scope = l.scope AND d.metric = l.metric AND d.basis = l.basis AND d.unit = l.unit
),
judged AS (
    SELECT *,
        CASE
            WHEN months < 3 OR last_fiscal_month < 3 THEN '月数不足'
            WHEN basis = '単月' AND unit IN ('%', '倍') THEN '単月の率'
            WHEN basis = '単月' AND (prior_months IS DISTINCT FROM 12 OR months <> last_fiscal_month
                                     OR prior_same_months_total IS NULL OR prior_same_months_total = 0) THEN '前年度なし'
            WHEN basis <> '単月' AND (prior_value_at_last_month IS NULL OR prior_march_value IS NULL) THEN '前年度なし'
            ELSE '見込み'
        END AS status
    FROM joined
)
SELECT source, scope, metric, basis, unit, fiscal_year, fiscal_year_label(fiscal_year) AS fiscal_year_label,
       last_fiscal_month, last_month, month_label(last_month) AS last_month_label, months, last_value,
       months_total, prior_year, prior_value_at_last_month, prior_march_value, prior_same_months_total,
       prior_year_total, decimals, status,
       CASE WHEN status = '見込み' AND basis = '単月' THEN '年度計' WHEN status = '見込み' THEN '3月' END AS estimate_of,
       CASE
           WHEN status <> '見込み' THEN NULL
           WHEN basis = '単月' THEN round(months_total * prior_year_total / prior_same_months_total, 9)
           ELSE round(last_value + (prior_march_value - prior_value_at_last_month), 9)
       END AS estimate
FROM judged;
