-- materialized: table (computed once per build; see kenpo.store.view_sql)
-- branch_vs_national: per branch, metric and fiscal year, the branch's actual and target, the
-- national (全国) actual, the gap in points, the printed rank, the printed status mark, and
-- whether the target / the national figure was beaten, using the metric's direction
-- (data/metrics.csv: higher or lower is better); target_gap is the actual less the target. The gap and the comparison with 全国 are only
-- made for comparable figures — rates, per-case figures and averages (%, 日, 分, 倍, 1件当たり …:
-- is_rate_like, from kenpo.contracts); a branch count is never set against the 協会 total. A partial year (a 累計 before March, a stock
-- before the year's end) is not judged against the annual target, nor against a national figure of
-- another period. A plan-period goal is never judged either: where the document prints no year for
-- the target (its fiscal year is the document's, set for convenience) or the actual is the baseline
-- the goal was set from (現状値・基準値; e.g. 000 群馬 重症高血圧 1.9% → 1.71%), actual and target
-- share a fiscal year only by that convention, so plan_goal is true and target_achieved NULL.
-- Which metrics are such goals is curated in data/metrics.csv (plan_goal), not read from notes.
-- The national figure is looked up in the same
-- document under the same label, or where metrics.csv points (national_source, national_metric).
CREATE VIEW branch_vs_national AS
WITH branch_rows AS (
    SELECT y.* FROM yearly_figures y JOIN stg_branches b ON b.branch = y.scope
),
spine AS (
    SELECT DISTINCT source, scope AS branch, metric, fiscal_year FROM branch_rows
),
national AS (
    SELECT * FROM yearly_figures WHERE scope = national_scope() AND kind = '実績'
)
SELECT s.source, s.branch, s.metric, s.fiscal_year,
       fiscal_year_label(s.fiscal_year) AS fiscal_year_label,
       coalesce(a.unit, t.unit, r.unit) AS unit,
       m.direction,
       coalesce(a.section, t.section, r.section) AS section,
       a.value AS branch_actual, a.basis AS actual_basis, a.month AS actual_month,
       coalesce(a.is_partial, false) AS actual_partial, a.note AS actual_note,
       t.value AS branch_target, t.note AS target_note,
       n.value AS national_actual, n.source AS national_source, n.metric AS national_metric, n.section AS national_section, n.month AS national_month,
       coalesce(n.is_partial, false) AS national_partial, n.note AS national_note,
       national_comparable,
       CASE WHEN comparable THEN round(a.value - n.value, 6) END AS gap,  -- no binary noise (-2.1, not -2.1000000000000014)
       CASE WHEN a.unit = '%' THEN 'ポイント' ELSE a.unit END AS gap_unit,
       -- how far the actual is from the branch's own target (same unit; a partial year or a plan
       -- goal is not measured against the annual target)
       CASE WHEN NOT (a.is_partial OR g.plan_goal) AND a.unit = t.unit THEN round(a.value - t.value, 6) END AS target_gap,
       r.value AS national_rank,
       st.status,
       g.plan_goal,
       CASE WHEN a.value IS NULL OR t.value IS NULL OR m.direction IS NULL OR m.direction = 'none' OR a.is_partial
                 OR g.plan_goal THEN NULL
            WHEN m.direction = 'higher' THEN a.value >= t.value
            ELSE a.value <= t.value END AS target_achieved,
       CASE WHEN NOT comparable OR m.direction IS NULL OR m.direction = 'none'
                 OR a.is_partial IS DISTINCT FROM n.is_partial OR (a.is_partial AND a.month IS DISTINCT FROM n.month) THEN NULL
            WHEN m.direction = 'higher' THEN a.value >= n.value
            ELSE a.value <= n.value END AS beats_national
FROM spine s
LEFT JOIN branch_rows a ON a.source = s.source AND a.scope = s.branch AND a.metric = s.metric AND a.fiscal_year = s.fiscal_year AND a.kind = '実績'
LEFT JOIN branch_rows t ON t.source = s.source AND t.scope = s.branch AND t.metric = s.metric AND t.fiscal_year = s.fiscal_year AND t.kind = '目標'
LEFT JOIN branch_rows r ON r.source = s.source AND r.scope = s.branch AND r.metric = s.metric AND r.fiscal_year = s.fiscal_year AND r.kind = '順位'
LEFT JOIN stg_metrics m ON m.source = s.source AND m.metric = s.metric
LEFT JOIN national n ON n.source = coalesce(m.national_source, s.source)
                    AND n.metric = coalesce(m.national_metric, s.metric)
                    AND n.fiscal_year = s.fiscal_year
LEFT JOIN (SELECT source, scope, metric, fiscal_year, any_value(status ORDER BY dataset) AS status
           FROM stg_statuses GROUP BY ALL) st
       ON st.source = s.source AND st.scope = s.branch AND st.metric = s.metric AND st.fiscal_year = s.fiscal_year
CROSS JOIN LATERAL (SELECT is_rate_like(s.metric, coalesce(a.unit, t.unit)) AS rate_like) k
-- national_comparable: the national figure is on the branch's scale (a rate or a per-case figure in
-- the same unit), so a chart may draw it beside the branch; a 協会 total (a count) is not.
CROSS JOIN LATERAL (SELECT
       n.value IS NOT NULL AND coalesce(a.unit, t.unit) = n.unit AND rate_like AS national_comparable,
       a.value IS NOT NULL AND n.value IS NOT NULL AND a.unit = n.unit AND rate_like AS comparable) c
CROSS JOIN LATERAL (SELECT coalesce(m.plan_goal, false) AS plan_goal) g;
