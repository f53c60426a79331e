-- materialized: table (an aggregate over every figure; computed once per build)
-- sources: the five documents with how many figures each contributes.
CREATE VIEW sources AS
SELECT s.source, s.title, s.short_title, s.publisher, s.period, s.scope, s.description,
       count(f.source) AS figures,
       count(DISTINCT f.dataset) AS datasets
FROM stg_sources s LEFT JOIN stg_facts f ON f.source = s.source
GROUP BY ALL;
