-- kpi_status_summary: the printed count of KPI items per verdict (e.g. 003 "KPI達成状況（達成）"),
-- beside the count of verdicts recorded item by item, so a page can show both and flag a mismatch.
CREATE VIEW kpi_status_summary AS
WITH printed AS (
    SELECT source, scope, fiscal_year, regexp_extract(metric, '（(.+)）$', 1) AS status, value AS printed_count, note
    FROM stg_facts WHERE metric LIKE 'KPI達成状況（%）' AND kind = '実績'
),
counted AS (
    SELECT s.source, s.scope, s.fiscal_year, s.status, count(*) AS counted_items
    FROM stg_statuses s
    LEFT JOIN stg_metrics m USING (source, metric)
    WHERE is_kpi_verdict(s.status)
      AND NOT coalesce(m.kpi_reference, false)  -- items the document lists for reference, outside its count
    GROUP BY ALL
)
SELECT coalesce(p.source, c.source) AS source, coalesce(p.scope, c.scope) AS scope,
       coalesce(p.fiscal_year, c.fiscal_year) AS fiscal_year, coalesce(p.status, c.status) AS status,
       p.printed_count, c.counted_items, p.note,
       kpi_verdict_order(coalesce(p.status, c.status)) AS verdict_order  -- 達成, 概ね達成, 未達成
FROM printed p FULL JOIN counted c USING (source, scope, fiscal_year, status);
