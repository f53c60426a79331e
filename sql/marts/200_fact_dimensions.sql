-- materialized: table (distinct over every figure; computed once per build)
-- fact_dimensions: the distinct (source, dataset, scope, metric, fiscal_year) combinations,
-- from which the data page offers only the choices that still match the filters set so far.
CREATE VIEW fact_dimensions AS
SELECT DISTINCT source, dataset, scope, metric, fiscal_year
FROM stg_facts
ORDER BY ALL;
