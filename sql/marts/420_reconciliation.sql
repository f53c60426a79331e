-- materialized: table (every check evaluated once per build)
-- reconciliation: 検算, every printed figure the data can recompute from other printed figures, one
-- row per check: the printed value, the value recomputed from the figures it is made of (as printed),
-- the difference and a verdict:
--   一致    the recomputed value, rounded as the figure is printed, is the printed figure;
--   端数差  it is not, but the difference is within what the printed rounding allows: half a unit of
--           the printed figure's last digit plus what the rounding of its inputs carries through the
--           formula (check_facts.half_unit; 0 for whole counts, which are exact);
--   不一致  the difference is larger than the rounding can explain.
-- The checks: reconciliation_rules (declared), check_inputs_year_totals (年度計),
-- check_inputs_running_stocks (累計), check_inputs_status_counts (評価件数). A known discrepancy
-- carries its note (reconciliation_notes). The consistency tests (tests/data) read this view.
CREATE VIEW reconciliation AS
WITH inputs AS (
    SELECT * FROM check_inputs_declared
    UNION ALL BY NAME SELECT * FROM check_inputs_year_totals
    UNION ALL BY NAME SELECT * FROM check_inputs_running_stocks
    UNION ALL BY NAME SELECT * FROM check_inputs_status_counts
),
terms AS (  -- an input as the formula shows it: its label where it differs from the printed figure's, and its printed text
    SELECT *,
           CASE WHEN in_value IS NULL THEN NULL
                WHEN family = '評価件数' THEN NULL  -- counted, not listed (see formula)
                WHEN family = '年度計' THEN month_label(in_month) || CASE WHEN in_basis = '累計' THEN 'まで' ELSE '' END
                                           || ' ' || in_printed
                WHEN family = '累計' THEN CASE WHEN ord = 1 THEN '前月末 ' ELSE '当月 ' END || in_printed
                WHEN family = '平均' THEN month_label(in_month) || ' ' || in_printed
                ELSE concat_ws(' ',
                        CASE WHEN in_metric <> metric OR in_dataset <> dataset THEN in_metric END,
                        CASE WHEN in_scope <> scope THEN '（' || in_scope || '）' END,
                        CASE WHEN in_kind <> kind THEN in_kind END,
                        CASE WHEN in_fiscal_year <> fiscal_year THEN fiscal_year_label(in_fiscal_year) END,
                        CASE WHEN in_month IS DISTINCT FROM month AND in_month IS NOT NULL
                             THEN month_label(in_month) || CASE WHEN in_basis = '累計' THEN '累計' ELSE '' END END,
                        in_printed)
           END AS term,
           count(in_value) OVER (PARTITION BY rule_key, source, dataset, scope, metric, kind, fiscal_year, month,
                                              basis, ord) AS matches
    FROM inputs
),
checks AS (
    SELECT family, op, k, rule_key, source, dataset, scope, metric, kind, fiscal_year, month, basis,
           sum(weight * in_value) FILTER (WHERE role = 'a') AS a,
           sum(in_value) FILTER (WHERE role = 'b') AS b,
           coalesce(sum(abs(weight) * in_half_unit) FILTER (WHERE role = 'a'), 0) AS ea,
           coalesce(sum(in_half_unit) FILTER (WHERE role = 'b'), 0) AS eb,
           count(in_value) FILTER (WHERE role = 'a') AS n_a,
           count(in_value) AS inputs,
           bool_and(in_value IS NOT NULL OR optional) AS complete,
           bool_or(matches > 1 AND rule_key NOT IN ('year_total', 'running_stock', 'status_count')
                   AND op <> 'mean') AS ambiguous,
           string_agg(term, ' ＋ ' ORDER BY ord, in_fiscal_year, fiscal_month_index(in_month))
               FILTER (WHERE role = 'a' AND weight > 0) AS plus_terms,
           string_agg(term, ' − ' ORDER BY ord) FILTER (WHERE role = 'a' AND weight < 0) AS minus_terms,
           string_agg(term, ' ＋ ' ORDER BY ord) FILTER (WHERE role = 'b') AS b_terms
    FROM terms
    GROUP BY ALL
),
evaluated AS (
    SELECT c.*,
           CASE op WHEN 'sum' THEN k * coalesce(a, 0)
                   WHEN 'ratio' THEN k * a / b
                   WHEN 'growth' THEN k * (a / b - 1)
                   WHEN 'product' THEN k * a * b
                   WHEN 'reduce' THEN a * (1 - b / 100)
                   WHEN 'mean' THEN a / n_a END AS recomputed,
           CASE op WHEN 'sum' THEN k * ea
                   WHEN 'ratio' THEN k * (ea / abs(b) + abs(a) * eb / (b * b))
                   WHEN 'growth' THEN k * (ea / abs(b) + abs(a) * eb / (b * b))
                   WHEN 'product' THEN k * (ea * abs(b) + abs(a) * eb)
                   WHEN 'reduce' THEN ea * abs(1 - b / 100) + abs(a) * eb / 100
                   WHEN 'mean' THEN ea / n_a END AS carried,
           CASE WHEN family = '評価件数'  -- the marks counted, not listed one by one
                THEN '評価表で' || CASE WHEN metric LIKE '%合計%' THEN '評価された'
                                      ELSE '「' || coalesce(nullif(regexp_extract(metric, '^評価件数 (.)（', 1), ''),
                                                          regexp_extract(metric, '（(.+)）$', 1)) || '」の' END
                     || '項目の数（' || CAST(inputs AS VARCHAR) || '項目）'
                WHEN op = 'sum' THEN concat_ws(' − ', coalesce(plus_terms, '0'), minus_terms)
                WHEN op = 'ratio' THEN '(' || plus_terms || ') ÷ (' || b_terms || ')' || CASE WHEN k <> 1 THEN ' × ' || CAST(k AS INTEGER) ELSE '' END
                WHEN op = 'growth' THEN '(' || plus_terms || ') ÷ (' || b_terms || ') × 100 − 100'
                WHEN op = 'product' THEN plus_terms || ' × ' || b_terms || ' ÷ 100'
                WHEN op = 'reduce' THEN plus_terms || ' × (1 − ' || b_terms || ' ÷ 100)'
                WHEN op = 'mean' THEN '(' || plus_terms || ') ÷ ' || CAST(n_a AS VARCHAR) END AS formula
    FROM checks c
    WHERE complete AND NOT ambiguous
),
judged AS (
    SELECT e.family, e.source, s.short_title AS document, p.section, e.dataset, e.scope, e.metric, e.kind,
       e.fiscal_year, e.month, e.basis, p.unit, p.printed, p.value AS printed_value,
       p.printed_scale, p.printed_decimals,
       -- rounded to 9 decimals: a float sum's last digits follow the order it was summed in
       round(e.recomputed, 9) AS recomputed, round(e.recomputed - p.value, 9) AS difference,
       round(p.half_unit + e.carried, 9) AS tolerance,
       CASE WHEN round(CAST(e.recomputed / (p.printed_scale * pow(10, -p.printed_decimals)) AS DECIMAL(38, 6)), 0)
                 = round(CAST(p.value / (p.printed_scale * pow(10, -p.printed_decimals)) AS DECIMAL(38, 6)), 0)
                THEN '一致'
            WHEN abs(e.recomputed - p.value) <= p.half_unit + e.carried + 1e-9 * greatest(1, abs(p.value))
                THEN '端数差'
            ELSE '不一致' END AS verdict,
       e.formula, e.inputs, p.data_file, p.data_line
FROM evaluated e
JOIN check_facts p
  ON p.source = e.source AND p.dataset = e.dataset AND p.scope = e.scope AND p.metric = e.metric
 AND p.kind = e.kind AND p.fiscal_year = e.fiscal_year AND p.month IS NOT DISTINCT FROM e.month AND p.basis = e.basis
LEFT JOIN stg_sources s ON s.source = e.source
)
SELECT j.family, j.source, j.document, j.section, j.dataset, j.scope, j.metric, j.kind, j.fiscal_year, j.month,
       j.basis, j.unit, j.printed, j.printed_value, j.printed_scale, j.printed_decimals, j.recomputed,
       j.difference, j.tolerance, j.verdict, j.formula, j.inputs, n.note, j.data_file, j.data_line
FROM judged j
LEFT JOIN reconciliation_notes n  -- a note stands only beside a check that is not 一致
  ON j.verdict <> '一致' AND n.family = j.family AND n.dataset = j.dataset AND n.metric = j.metric
 AND n.basis = j.basis AND (n.fiscal_year IS NULL OR n.fiscal_year = j.fiscal_year)
 AND (n.month IS NULL OR n.month = j.month);
