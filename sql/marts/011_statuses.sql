-- statuses: the verdicts the documents print on items (◎○△×□, 達成 / 概ね達成 / 未達成).
CREATE VIEW statuses AS
SELECT source, section, dataset, scope, metric, fiscal_year, status, note
FROM stg_statuses;
