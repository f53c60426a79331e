-- metric_aliases: every alias of a metric, with where it is printed, for the pickers' option labels
-- (kenpo.aliases.option_label) and データ's search. printed_order: by document, then as the file lists them.
CREATE VIEW metric_aliases AS
SELECT source, metric, alias, kind, section, line, note,
       row_number() OVER (ORDER BY source, line, alias) AS printed_order
FROM stg_metric_aliases;
