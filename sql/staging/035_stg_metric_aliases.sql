-- stg_metric_aliases: the metrics' aliases (data/metric_aliases.csv), with the text search compares
-- (a KPI number as 'KPI 1-1', as pickers show it: the macro alias_searched).
CREATE VIEW stg_metric_aliases AS
SELECT source, metric, alias, kind, section, line, note, alias_searched(alias, kind) AS searched
FROM raw_metric_aliases;
