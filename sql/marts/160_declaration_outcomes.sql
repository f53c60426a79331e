-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- declaration_outcomes: per declaration of 宣言2020 and per judged row (宣言2 has 市町村 and
-- 広域連合), whether the target in force was met in the final year, and in which years it was met.
-- A target worded "全保険者" / "すべての保険者" (printed without a number) is judged on the
-- declaration's printed 達成率: met only at 100 % of insurers; the judgement basis says so.
CREATE VIEW declaration_outcomes AS
WITH numeric_rows AS (
    SELECT declaration, metric, fiscal_year, value, unit, target, met
    FROM declaration_progress WHERE scope = national_scope() AND target IS NOT NULL
),
text_targets AS (
    SELECT DISTINCT declaration_of(metric) AS declaration, printed AS target_text
    FROM stg_facts
    WHERE declaration_of(metric) IS NOT NULL AND kind = '目標' AND value IS NULL AND scope = national_scope()
      AND (printed LIKE '%全保険者%' OR printed LIKE '%すべて%')
),
rate_rows AS (  -- "宣言N 達成率" rows judged against 100 % where the target is "all insurers"
    SELECT p.declaration, p.metric, p.fiscal_year, p.value, p.unit, 100.0 AS target, p.value >= 100 AS met
    FROM declaration_progress p
    WHERE p.scope = national_scope() AND p.metric LIKE '宣言% 達成率' AND p.target IS NULL
      AND p.declaration IN (SELECT declaration FROM text_targets)
),
judged AS (
    SELECT *, '数値目標' AS basis FROM numeric_rows
    UNION ALL
    SELECT *, '目標「全保険者」を達成率100%として判定' AS basis FROM rate_rows
),
final AS (
    SELECT declaration, metric, max(fiscal_year) AS final_year FROM judged GROUP BY ALL
)
SELECT j.declaration, j.metric, any_value(j.basis) AS basis, f.final_year,
       any_value(j.value) FILTER (WHERE j.fiscal_year = f.final_year) AS final_value,
       any_value(j.target) FILTER (WHERE j.fiscal_year = f.final_year) AS final_target,
       any_value(j.unit) AS unit,
       coalesce(bool_or(j.met) FILTER (WHERE j.fiscal_year = f.final_year), false) AS met_final_year,
       min(j.fiscal_year) FILTER (WHERE j.met) AS first_year_met,
       string_agg(CAST(j.fiscal_year AS VARCHAR), '・' ORDER BY j.fiscal_year) FILTER (WHERE j.met) AS years_met,
       string_agg(CAST(j.fiscal_year AS VARCHAR), '・' ORDER BY j.fiscal_year) AS years_judged
FROM judged j JOIN final f USING (declaration, metric)
GROUP BY j.declaration, j.metric, f.final_year;
