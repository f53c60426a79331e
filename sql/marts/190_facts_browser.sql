-- materialized: table (browse_order is computed once per build, so the data page's first rows
-- are a top-N on one integer instead of a sort of every figure)
-- facts_browser: `facts` plus the figure exactly as the document prints it, for the data page
-- and its downloads (the printed text is what a reader finds in the document; data_file and
-- data_line say where to edit the row). browse_order: document, dataset, scope, metric, kind,
-- fiscal year, April→March, basis. name_key: the metric's name and its aliases (KPI numbers as
-- 'KPI 1-1'); search_text: those, the section and the note; both in the form search_key compares
-- (kenpo.queries passes データ's search text through kenpo.aliases.search_key and asks contains()).
CREATE VIEW facts_browser AS
SELECT f.source, f.section, f.dataset, f.scope, f.metric, f.kind, f.fiscal_year, f.month, f.basis, f.as_of,
       f.value, f.unit, f.printed, f.note,
       f.printed_scale, f.printed_decimals,
       f.data_file, f.data_line,
       search_key(concat_ws(' ', f.metric, a.searched)) AS name_key,
       search_key(concat_ws(' ', f.metric, a.searched, f.section, f.note)) AS search_text,
       row_number() OVER (ORDER BY f.source, f.dataset, f.scope, f.metric, f.kind, f.fiscal_year,
                                   f.fiscal_month NULLS LAST, f.basis) AS browse_order
FROM stg_facts f
LEFT JOIN (
    SELECT source, metric, string_agg(searched, ' ' ORDER BY searched) AS searched
    FROM stg_metric_aliases
    GROUP BY source, metric
) a ON a.source = f.source AND a.metric = f.metric;
