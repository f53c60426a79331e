-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- part_year_estimates: the 年度末見込み of each part year 支部 vs 全国 compares (a branch_vs_national
-- row whose actual is a 累計 before March or a stock before the year's end), one row per such year:
-- the branch's estimate is pacing_estimates' (the 支部 月次 arithmetic, not repeated here: March =
-- the latest month's value + the prior year's movement from that month to March), set beside the
-- year's target with the decimals the target is printed in, and the estimate's gap to it.
-- No estimate (estimate NULL) where pacing_estimates has none (status: 前年度なし, 月数不足, …;
-- pacing_estimates names the first reason, prior_year_missing_too says when a 累計・時点 series
-- lacks the prior year's months as well) or where the part year is not the latest year of a
-- month-by-month series, which is all that pacing_estimates paces (status 対象外).
-- 全国: the same method needs the national figure month by month for the year and the prior year;
-- national_months counts the national monthly figures of the year (the metric 全国 is compared
-- under, as in branch_vs_national). The national side is never estimated here: the page says so.
CREATE VIEW part_year_estimates AS
WITH part_years AS (
    SELECT * FROM branch_vs_national WHERE actual_partial AND branch_actual IS NOT NULL
),
targets AS (
    SELECT source, scope, metric, fiscal_year, value, printed_decimals
    FROM yearly_figures WHERE kind = '目標'
),
national_monthly_counts AS (
    SELECT source, metric, fiscal_year, count(*) AS months
    FROM stg_facts
    WHERE scope = national_scope() AND kind = '実績' AND month IS NOT NULL
    GROUP BY ALL
)
SELECT v.source, v.branch, v.branch AS scope, v.metric, v.fiscal_year, v.fiscal_year_label,
       v.actual_basis AS basis, v.unit, v.direction, v.plan_goal,
       v.actual_month, v.branch_actual,
       e.last_fiscal_month, e.last_month, e.last_month_label, e.months, e.last_value, e.months_total,
       e.prior_year, e.prior_value_at_last_month, e.prior_march_value, e.prior_same_months_total,
       e.prior_year_total, coalesce(e.decimals, 0) AS decimals,
       coalesce(e.status, '対象外') AS status, e.estimate_of, e.estimate,
       -- without an estimate for another reason (月数不足), whether the prior year's months are missing too
       e.status IS NOT NULL AND e.status <> '前年度なし' AND e.estimate IS NULL AND e.basis <> '単月'
           AND (e.prior_value_at_last_month IS NULL OR e.prior_march_value IS NULL) AS prior_year_missing_too,
       v.branch_target AS target, t.printed_decimals AS target_decimals,
       CASE WHEN e.estimate IS NOT NULL AND v.branch_target IS NOT NULL AND NOT v.plan_goal
            THEN round(e.estimate - v.branch_target, 6) END AS estimate_gap,
       v.gap_unit AS estimate_gap_unit,
       coalesce(m.national_metric, v.metric) AS national_metric,
       coalesce(n.months, 0) AS national_months
FROM part_years v
LEFT JOIN pacing_estimates e
       ON e.source = v.source AND e.scope = v.branch AND e.metric = v.metric
      AND e.fiscal_year = v.fiscal_year AND e.basis = v.actual_basis AND e.unit = v.unit
LEFT JOIN targets t
       ON t.source = v.source AND t.scope = v.branch AND t.metric = v.metric AND t.fiscal_year = v.fiscal_year
LEFT JOIN stg_metrics m ON m.source = v.source AND m.metric = v.metric
LEFT JOIN national_monthly_counts n
       ON n.source = coalesce(m.national_source, v.source) AND n.metric = coalesce(m.national_metric, v.metric)
      AND n.fiscal_year = v.fiscal_year;
