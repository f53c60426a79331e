-- materialized: table (browse_order is computed once per build, so the data page's first rows
-- are a top-N on one integer instead of a sort of every figure)
-- facts_browser: `facts` plus the figure exactly as the document prints it, for the data page
-- and its downloads (the printed text is what a reader finds in the document; data_file and
-- data_line say where to edit the row). browse_order: document, dataset, scope, metric, kind,
-- fiscal year, April→March, basis.
CREATE VIEW facts_browser AS
SELECT source, section, dataset, scope, metric, kind, fiscal_year, month, basis, as_of, value, unit, printed, note,
       printed_scale, printed_decimals,
       data_file, data_line,
       row_number() OVER (ORDER BY source, dataset, scope, metric, kind, fiscal_year,
                                   fiscal_month NULLS LAST, basis) AS browse_order
FROM stg_facts;
