-- materialized: table (distinct over national_monthly; computed once per build)
-- national_monthly_metrics: the metrics of national_monthly, for the national page's picker.
CREATE VIEW national_monthly_metrics AS
SELECT DISTINCT metric
FROM national_monthly;
