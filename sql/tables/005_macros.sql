-- Position of a calendar month in the fiscal year (April = 1 … March = 12).
CREATE MACRO fiscal_month_index(m) AS ((m + 8) % 12) + 1;
-- Japanese month label, e.g. 4 -> '4月'.
CREATE MACRO month_label(m) AS CAST(m AS VARCHAR) || '月';
-- Japanese fiscal-year label, e.g. 2023 -> '令和5年度'; before 2019 -> '平成N年度'.
CREATE MACRO fiscal_year_label(y) AS CASE
    WHEN y >= 2019 THEN '令和' || CASE WHEN y = 2019 THEN '元' ELSE CAST(y - 2018 AS VARCHAR) END || '年度'
    ELSE '平成' || CAST(y - 1988 AS VARCHAR) || '年度' END;
