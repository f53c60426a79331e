-- establishment_sizes: 協会けんぽ establishments by number of employees (000, R3年6月末), as
-- printed shares in size order; a class printed without a share keeps a NULL value and its note.
-- (The 約8割 "9人以下" summary line is a figure of its own, not a class, and is left out here.)
CREATE VIEW establishment_sizes AS
SELECT source, section, scope, regexp_extract(metric, '（従業員(.+)）$', 1) AS size_class, metric,
       fiscal_year, as_of, value, unit, note, printed_decimals,
       TRY_CAST(regexp_extract(metric, '（従業員([0-9]+)', 1) AS INTEGER) AS size_order
FROM stg_facts
WHERE metric LIKE '事業所構成割合（従業員%' AND metric NOT LIKE '%9人以下%';
