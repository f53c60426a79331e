-- insurer_landscape: per insurer type, the number of insurers and of members, each with the
-- date it stands at (the document gives different dates per type).
CREATE VIEW insurer_landscape AS
WITH f AS (
    SELECT * FROM stg_facts
    WHERE metric IN ('保険者数', '加入者数') AND kind = '実績' AND basis = '時点'
      AND scope NOT IN (SELECT branch FROM stg_branches) AND scope <> national_scope()
)
SELECT coalesce(i.source, m.source) AS source,
       coalesce(i.scope, m.scope) AS insurer_type,
       i.value AS insurers, i.unit AS insurers_unit, i.as_of AS insurers_as_of,
       m.value AS members, m.as_of AS members_as_of, m.printed_scale AS members_printed_scale,
       coalesce(m.section, i.section) AS section,
       concat_ws(' / ', i.note, m.note) AS note
FROM (SELECT * FROM f WHERE metric = '保険者数') i
FULL JOIN (SELECT * FROM f WHERE metric = '加入者数') m
       ON m.source = i.source AND m.scope = i.scope AND m.as_of = i.as_of;
