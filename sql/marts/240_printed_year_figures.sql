-- printed_year_figures: the figures a document prints for a whole year or at a date rather than
-- for a month (計 / 平均 / 年度末, targets, ranks), with the fiscal year's label.
CREATE VIEW printed_year_figures AS
SELECT *, fiscal_year_label(fiscal_year) AS fiscal_year_label
FROM facts
WHERE month IS NULL;
