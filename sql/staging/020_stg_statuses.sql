-- stg_statuses: the verdicts the documents print on items (data/NNN_status.csv).
CREATE VIEW stg_statuses AS
SELECT source, section, dataset, scope, metric, fiscal_year, status, note
FROM raw_statuses;
