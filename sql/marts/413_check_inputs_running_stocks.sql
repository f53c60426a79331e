-- intermediate: read by reconciliation (materialised) at build time; no page reads it
-- check_inputs_running_stocks: 累計 checks, found rather than declared: a month-end count the
-- document prints beside the month's new entries is last month's count plus this month's entries
-- (002's メールマガジン登録件数, 健康宣言事業所数, 健康保険委員の委嘱事業所数). Checked wherever the
-- previous month's count is printed (across fiscal years: April follows the previous March).
CREATE VIEW check_inputs_running_stocks AS
WITH pairs AS (
    SELECT * FROM (VALUES
        ('gunma_mail_magazine', 'メールマガジン登録件数', 'メールマガジン新規登録件数'),
        ('gunma_health_declaration', '健康宣言事業所数', '健康宣言事業所数（単月）'),
        ('gunma_health_insurance_committee', '健康保険委員の委嘱事業所数', '健康保険委員 委嘱数')
    ) AS t(dataset, stock, flow)
),
stocks AS (
    SELECT s.*, pairs.flow, s.fiscal_year * 12 + s.fiscal_month AS position
    FROM check_facts s JOIN pairs ON s.dataset = pairs.dataset AND s.metric = pairs.stock
    WHERE s.kind = '実績' AND s.basis = '時点'
),
steps AS (  -- each month-end count with the previous month's and this month's entries
    SELECT cur.source, cur.section, cur.dataset, cur.scope, cur.metric, cur.kind, cur.fiscal_year, cur.month,
           cur.basis, prev.fiscal_year AS prev_year, prev.month AS prev_month, prev.basis AS prev_basis,
           prev.value AS prev_value, prev.half_unit AS prev_half, prev.printed AS prev_printed, cur.flow
    FROM stocks cur JOIN stocks prev
      ON prev.dataset = cur.dataset AND prev.scope = cur.scope AND prev.metric = cur.metric
     AND prev.position = cur.position - 1
)
SELECT '累計' AS family, 'sum' AS op, 1.0 AS k, 'running_stock' AS rule_key,
       s.source, s.section, s.dataset, s.scope, s.metric, s.kind, s.fiscal_year, s.month, s.basis,
       'a' AS role, 1.0 AS weight, false AS optional, 1 AS ord,
       s.dataset AS in_dataset, s.scope AS in_scope, s.metric AS in_metric, s.kind AS in_kind,
       s.prev_year AS in_fiscal_year, s.prev_month AS in_month, s.prev_basis AS in_basis,
       s.prev_value AS in_value, s.prev_half AS in_half_unit, s.prev_printed AS in_printed
FROM steps s
UNION ALL
SELECT '累計', 'sum', 1.0, 'running_stock',
       s.source, s.section, s.dataset, s.scope, s.metric, s.kind, s.fiscal_year, s.month, s.basis,
       'a', 1.0, false, 2,
       f.dataset, f.scope, f.metric, f.kind, f.fiscal_year, f.month, f.basis, f.value, f.half_unit, f.printed
FROM steps s
LEFT JOIN check_facts f
  ON f.dataset = s.dataset AND f.scope = s.scope AND f.metric = s.flow AND f.kind = '実績'
 AND f.basis = '単月' AND f.fiscal_year = s.fiscal_year AND f.month = s.month;
