-- branch_monthly_series: the actuals printed by month, each beside the same month of the prior
-- fiscal year (year_over_year), with the labels the 支部 月次 page shows ('令和6年度', '4月').
CREATE VIEW branch_monthly_series AS
SELECT *, fiscal_year_label(fiscal_year) AS fiscal_year_label, month_label(month) AS month_label
FROM year_over_year
WHERE month IS NOT NULL AND kind = '実績';
