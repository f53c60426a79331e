-- facts: every figure of the five documents, one row each, with its provenance.
CREATE VIEW facts AS
SELECT source, section, dataset, scope, metric, kind, fiscal_year, month, basis, as_of, value, unit, note
FROM raw_facts;
