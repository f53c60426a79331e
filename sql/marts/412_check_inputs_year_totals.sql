-- intermediate: read by reconciliation (materialised) at build time; no page reads it
-- check_inputs_year_totals: 年度計 checks, found rather than declared: every printed year total (計)
-- of a count or an amount (件, 人, 円, 事業所) whose months are printed as 単月 figures beside it is
-- the sum of those months. 002's 一者応札 table prints its first column as 「4月まで」 (a 累計 to
-- April, then 単月 months), so there the April 累計 is one of the parts.
CREATE VIEW check_inputs_year_totals AS
WITH totals AS (
    SELECT * FROM check_facts
    WHERE kind = '実績' AND basis = '年度' AND unit IN ('件', '人', '円', '事業所')
),
parts AS (
    SELECT * FROM check_facts
    WHERE kind = '実績' AND (basis = '単月' OR (dataset = 'gunma_single_bid' AND basis = '累計' AND month = 4))
)
SELECT '年度計' AS family, 'sum' AS op, 1.0 AS k, 'year_total' AS rule_key,
       t.source, t.section, t.dataset, t.scope, t.metric, t.kind, t.fiscal_year, t.month, t.basis,
       'a' AS role, 1.0 AS weight, false AS optional, p.fiscal_month AS ord,
       p.dataset AS in_dataset, p.scope AS in_scope, p.metric AS in_metric, p.kind AS in_kind,
       p.fiscal_year AS in_fiscal_year, p.month AS in_month, p.basis AS in_basis,
       p.value AS in_value, p.half_unit AS in_half_unit, p.printed AS in_printed
FROM totals t
JOIN parts p USING (source, dataset, scope, metric, fiscal_year);
