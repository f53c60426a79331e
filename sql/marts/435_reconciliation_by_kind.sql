-- reconciliation_by_kind: the 検算 counts of each document by kind of check (合計, 年度計, 累計, …)
-- and verdict, for the 検算 page's chart when a document is chosen.
CREATE VIEW reconciliation_by_kind AS
SELECT source, family,
       count(*) AS checks,
       count(*) FILTER (WHERE verdict = '一致') AS agreed,
       count(*) FILTER (WHERE verdict = '端数差') AS rounding,
       count(*) FILTER (WHERE verdict = '不一致') AS disagreed
FROM reconciliation
GROUP BY source, family;
