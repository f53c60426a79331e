-- reconciliation_summary: the 検算 counts per document (and in all: document NULL), for 概要's
-- headline and the 検算 page's cards: checks, 一致, 端数差, 不一致.
CREATE VIEW reconciliation_summary AS
SELECT source, CASE WHEN grouping(source) = 0 THEN any_value(document) END AS document,
       count(*) AS checks,
       count(*) FILTER (WHERE verdict = '一致') AS agreed,
       count(*) FILTER (WHERE verdict = '端数差') AS rounding,
       count(*) FILTER (WHERE verdict = '不一致') AS disagreed
FROM reconciliation
GROUP BY GROUPING SETS ((source), ())
ORDER BY source NULLS FIRST;
