-- intermediate: read by the 検算 checks' inputs (411–414) when reconciliation is built; no page reads it
-- check_facts: every printed figure the 検算 (reconciliation) checks read, with half the unit of its
-- last printed digit (the most its printed value can be off from the figure it rounds):
--   0.5 × scale × 10^-decimals (4,037万人 -> 5,000人; 94.3% -> 0.05; 6.36日 -> 0.005),
--   0 for a whole count printed in full (68件, 632,924名): a count is exact, not rounded.
CREATE VIEW check_facts AS
SELECT source, section, dataset, scope, metric, kind, fiscal_year, month, fiscal_month, basis, value, unit,
       printed, note, data_file, data_line, printed_scale, printed_decimals,
       CASE WHEN printed_scale = 1 AND printed_decimals = 0
                 AND unit IN ('人', '件', '事業所', '保険者', '組合', '市町村', '団体', '法人', '社', '回', '枚', '箇所', '位')
            THEN 0.0
            ELSE 0.5 * printed_scale * pow(10, -printed_decimals) END AS half_unit
FROM stg_facts
WHERE value IS NOT NULL AND printed_scale IS NOT NULL AND printed_decimals IS NOT NULL;
