-- stg_metrics: the curated metric catalogue (data/metrics.csv), one row per (source, metric): the
-- direction, where a branch metric's national figure lives, and the per-document choices pages
-- make (headline_order, health_check_table, plan_goal, kpi_reference; see data/README.md).
CREATE VIEW stg_metrics AS
SELECT source, metric, direction, national_source, national_metric,
       headline_order, health_check_table, plan_goal, kpi_reference, note
FROM raw_metrics;
