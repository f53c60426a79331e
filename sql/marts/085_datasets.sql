-- materialized: table (grouped over every figure; computed once per build)
-- datasets: every dataset of the figures with its title from data/datasets.csv; a dataset the
-- file gives no title (the build warns) takes the section heading of its first row instead, so
-- that データ never shows a dataset's id. printed_order: by document, then where the dataset's
-- first row stands in data/ (file, then line: the files group a document's tables, and each
-- file keeps the order they are printed in).
CREATE VIEW datasets AS
SELECT f.source, f.dataset, coalesce(d.title, f.first_section) AS title, d.title IS NOT NULL AS curated,
       row_number() OVER (ORDER BY f.source, f.first_row) AS printed_order
FROM (
    SELECT source, dataset, arg_min(section, (data_file, data_line)) AS first_section,
           min((data_file, data_line)) AS first_row
    FROM stg_facts
    GROUP BY source, dataset
) f
LEFT JOIN stg_datasets d ON d.source = f.source AND d.dataset = f.dataset;
