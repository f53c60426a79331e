-- materialized: table (an aggregate over national_series; computed once per build)
-- national_series_metrics: the metrics of national_series with their unit and first and last
-- year; first_dataset orders them as the documents' tables do; source: the (first) document printing
-- the series, whose aliases the picker shows.
CREATE VIEW national_series_metrics AS
SELECT metric, any_value(unit) AS unit, min(fiscal_year) AS first_year, max(fiscal_year) AS last_year,
       min(dataset) AS first_dataset, min(source) AS source
FROM national_series
GROUP BY metric;
