-- survey_response: the 2020 保険者データヘルス全数調査 — 対象数, 回答数 and 回答率 per insurer type (001).
CREATE VIEW survey_response AS
SELECT source, any_value(section) AS section, scope AS insurer_type, fiscal_year,
       max(value) FILTER (WHERE metric LIKE '%対象数') AS targeted,
       max(value) FILTER (WHERE metric LIKE '%回答数') AS responded,
       max(value) FILTER (WHERE metric LIKE '%回答率') AS response_rate,
       string_agg(DISTINCT note, ' / ') AS note
FROM stg_facts
WHERE metric LIKE 'データヘルス全数調査 %'
GROUP BY source, scope, fiscal_year;
