-- materialized: table (a self-join over every figure; computed once per build)
-- national_monthly: 全国 monthly figures (003: new and lost members by month) in April→March
-- order, with the printed year total of the same table beside each month.
CREATE VIEW national_monthly AS
SELECT m.source, m.section, m.dataset, m.metric, m.fiscal_year, m.month,
       m.fiscal_month, month_label(m.month) AS month_label,
       m.basis, m.value, m.unit, m.note, m.printed_scale, m.printed_decimals,
       t.value AS printed_year_total
FROM stg_facts m
LEFT JOIN stg_facts t
       ON t.source = m.source AND t.dataset = m.dataset AND t.scope = m.scope AND t.metric = m.metric
      AND t.kind = m.kind AND t.fiscal_year = m.fiscal_year AND t.basis = '年度'
WHERE m.scope = national_scope() AND m.kind = '実績' AND m.month IS NOT NULL
QUALIFY count(*) OVER (PARTITION BY m.source, m.dataset, m.metric, m.fiscal_year) >= 6;
