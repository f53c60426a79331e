-- facts_browser: `facts` plus the figure exactly as the document prints it, for the data page
-- and its downloads (the printed text is what a reader finds in the document; data_file and
-- data_line say where to edit the row).
CREATE VIEW facts_browser AS
SELECT source, section, dataset, scope, metric, kind, fiscal_year, month, basis, as_of, value, unit, printed, note,
       data_file || ':' || data_line AS data_location
FROM raw_facts;
