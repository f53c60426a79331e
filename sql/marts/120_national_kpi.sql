-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- national_kpi: the 協会's KPI table — every item the document judges for 全国, with its target,
-- its result, the printed verdict (達成 / 概ね達成 / 未達成) and which way is better.
CREATE VIEW national_kpi AS
SELECT s.source, s.section, s.metric, s.fiscal_year, s.status,
       t.value AS target, a.value AS result, coalesce(a.unit, t.unit) AS unit,
       t.printed_decimals AS target_decimals, a.printed_decimals AS result_decimals,
       m.direction,
       concat_ws(' / ', s.note, t.note, a.note) AS note
FROM stg_statuses s
LEFT JOIN yearly_figures a ON a.source = s.source AND a.scope = s.scope AND a.metric = s.metric
                          AND a.fiscal_year = s.fiscal_year AND a.kind = '実績'
LEFT JOIN yearly_figures t ON t.source = s.source AND t.scope = s.scope AND t.metric = s.metric
                          AND t.fiscal_year = s.fiscal_year AND t.kind = '目標'
LEFT JOIN stg_metrics m ON m.source = s.source AND m.metric = s.metric
WHERE s.scope = national_scope() AND is_kpi_verdict(s.status);
