-- facts: every figure of the five documents, one row each, with the document, section and dataset it
-- stands under (stg_facts without the printed text and the data/ file and line: facts_browser has them).
CREATE VIEW facts AS
SELECT source, section, dataset, scope, metric, kind, fiscal_year, month, basis, as_of, value, unit, note,
       printed_scale, printed_decimals
FROM stg_facts;
