-- metric_directions: which way is better for each metric of the curated catalogue
-- (data/metrics.csv: higher, lower or none), whether or not the metric has figures.
CREATE VIEW metric_directions AS
SELECT source, metric, direction
FROM stg_metrics;
