-- stg_facts: every figure of raw_facts (data/NNN_*.csv), typed as loaded, with its provenance (the
-- text as printed, the scale and decimals it is printed in, the data/ file and line) and its place
-- in the fiscal year (April = 1).
-- Staging is one view per source table; the marts in sql/marts read these views, never raw_*.
CREATE VIEW stg_facts AS
SELECT source, section, dataset, scope, metric, kind, fiscal_year, month,
       fiscal_month_index(month) AS fiscal_month,
       basis, as_of, value, unit, printed, note, data_file, data_line, printed_scale, printed_decimals
FROM raw_facts;
