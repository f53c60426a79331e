-- facts_browser: `facts` plus the figure exactly as the document prints it, for the data page
-- and its downloads (the printed text is what a reader finds in the document).
CREATE VIEW facts_browser AS
SELECT source, section, dataset, scope, metric, kind, fiscal_year, month, basis, as_of, value, unit, printed, note
FROM raw_facts;
