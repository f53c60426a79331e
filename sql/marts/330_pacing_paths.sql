-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- pacing_paths: the months of a 累計・時点 series' 年度末見込み (pacing_estimates), from the
-- latest printed month to March: each the latest value plus the prior year's movement from that
-- month to this one. The chart draws them dotted, never as actuals.
CREATE VIEW pacing_paths AS
SELECT e.source, e.scope, e.metric, e.basis, e.unit, e.fiscal_year, p.fiscal_month, p.month,
       month_label(p.month) AS month_label,
       round(e.last_value + (p.value - e.prior_value_at_last_month), 9) AS value
FROM pacing_estimates e
JOIN branch_monthly_series p
  ON p.source = e.source AND p.scope = e.scope AND p.metric = e.metric AND p.basis = e.basis
 AND p.unit = e.unit AND p.fiscal_year = e.prior_year AND p.fiscal_month >= e.last_fiscal_month
WHERE e.status = '見込み' AND e.basis <> '単月'
QUALIFY row_number() OVER (PARTITION BY e.source, e.scope, e.metric, e.basis, e.unit, p.fiscal_month ORDER BY p.dataset) = 1;
