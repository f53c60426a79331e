-- stg_metrics: the curated metric catalogue (data/metrics.csv), one row per (source, metric).
CREATE VIEW stg_metrics AS
SELECT source, metric, direction, national_source, national_metric, note
FROM raw_metrics;
