-- intermediate: read by reconciliation (materialised) at build time; no page reads it
-- check_inputs_status_counts: 評価件数 checks: a printed count of verdicts is the number of items
-- the document marks so.
--   002: 評価件数 ◎/○/△/×/□（全体） and 合計（全体） count the marks of the progress table (gunma_status).
--   003: KPI達成状況（達成/概ね達成/未達成） counts the KPI table's verdicts, the two （参考） KPIs
--        (第三期特定健康診査等実施計画) aside, as the summary itself says.
CREATE VIEW check_inputs_status_counts AS
WITH counted AS (
    SELECT p.source, p.section, p.dataset, p.scope, p.metric, p.kind, p.fiscal_year, p.month, p.basis,
           s.metric AS item, s.status, s.fiscal_year AS item_year
    FROM check_facts p
    LEFT JOIN stg_statuses s
      ON s.source = p.source AND s.fiscal_year = p.fiscal_year
     AND ((p.dataset = 'gunma_status_summary' AND s.dataset = 'gunma_status'
           AND (p.metric = '評価件数 ' || s.status || '（全体）' OR p.metric = '評価件数 合計（全体）'))
       OR (p.dataset = 'national_kpi_summary' AND s.dataset = 'national_kpi'
           AND p.metric = 'KPI達成状況（' || s.status || '）'
           AND s.metric NOT IN ('特定健康診査の実施率（第三期特定健康診査等実施計画）',
                                '特定保健指導の実施率（第三期特定健康診査等実施計画）')))
    WHERE p.kind = '実績'
      AND ((p.dataset = 'gunma_status_summary' AND p.metric LIKE '評価件数 %（全体）')
        OR (p.dataset = 'national_kpi_summary' AND p.metric LIKE 'KPI達成状況（%）'))
)
SELECT '評価件数' AS family, 'sum' AS op, 1.0 AS k, 'status_count' AS rule_key,
       source, section, dataset, scope, metric, kind, fiscal_year, month, basis,
       'a' AS role, 1.0 AS weight, true AS optional, 1 AS ord,
       CAST(NULL AS VARCHAR) AS in_dataset, CAST(NULL AS VARCHAR) AS in_scope, item AS in_metric,
       CAST(NULL AS VARCHAR) AS in_kind, item_year AS in_fiscal_year, CAST(NULL AS INTEGER) AS in_month,
       CAST(NULL AS VARCHAR) AS in_basis,
       CASE WHEN item IS NULL THEN NULL ELSE 1.0 END AS in_value, 0.0 AS in_half_unit, status AS in_printed
FROM counted;
