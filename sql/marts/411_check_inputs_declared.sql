-- intermediate: read by reconciliation (materialised) at build time; no page reads it
-- check_inputs_declared: each declared 検算 check (reconciliation_rules) applied to every printed
-- figure its selector names, one row per input, with the input figure it found (NULL where none:
-- reconciliation keeps a check only when every required input is found).
CREATE VIEW check_inputs_declared AS
WITH printed AS (
    SELECT r.family, r.op, r.k, r.rule_key, r.ord, r.role, r.weight, r.optional,
           r.in_dataset, r.in_scope, r.in_metric, r.in_kind, r.in_basis, r.in_month, r.in_fy,
           p.source, p.section, p.dataset, p.scope, p.metric, p.kind, p.fiscal_year, p.month, p.basis
    FROM reconciliation_rules r
    JOIN check_facts p
      ON p.dataset = r.dataset AND p.metric = r.metric AND p.kind = r.kind
     AND (r.scope IS NULL OR p.scope = r.scope)
     AND (r.basis IS NULL OR p.basis = r.basis)
     AND (r.fiscal_year IS NULL OR p.fiscal_year = r.fiscal_year)
     AND (r.month IS NULL OR p.month = r.month)
)
SELECT pr.family, pr.op, pr.k, pr.rule_key, pr.source, pr.section, pr.dataset, pr.scope, pr.metric, pr.kind,
       pr.fiscal_year, pr.month, pr.basis, pr.role, pr.weight, pr.optional, pr.ord,
       i.dataset AS in_dataset, i.scope AS in_scope, i.metric AS in_metric, i.kind AS in_kind,
       i.fiscal_year AS in_fiscal_year, i.month AS in_month, i.basis AS in_basis,
       i.value AS in_value, i.half_unit AS in_half_unit, i.printed AS in_printed
FROM printed pr
LEFT JOIN check_facts i
  ON i.source = pr.source
 AND i.dataset = coalesce(pr.in_dataset, pr.dataset)
 AND i.scope = coalesce(pr.in_scope, pr.scope)
 AND i.metric = pr.in_metric
 AND i.kind = coalesce(pr.in_kind, pr.kind)
 AND i.fiscal_year = pr.fiscal_year - pr.in_fy
 AND (pr.in_basis = '*' OR i.basis = coalesce(pr.in_basis, pr.basis))
 AND (pr.in_month = 0 OR i.month IS NOT DISTINCT FROM coalesce(pr.in_month, pr.month));
