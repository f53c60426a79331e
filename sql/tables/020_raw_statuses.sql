-- Verdicts the documents print on an item: 002's marks (◎○△×□) and 003's 達成 / 概ね達成 / 未達成.
-- The CHECK vocabulary is kenpo.contracts.STATUSES; tests/store/test_vocabularies.py keeps them equal.
CREATE TABLE raw_statuses (
    source      VARCHAR NOT NULL,
    section     VARCHAR NOT NULL,
    dataset     VARCHAR NOT NULL,
    scope       VARCHAR NOT NULL,
    metric      VARCHAR NOT NULL,
    fiscal_year INTEGER NOT NULL,
    status      VARCHAR NOT NULL CHECK (status IN ('◎', '○', '△', '×', '□', '達成', '概ね達成', '未達成')),
    note        VARCHAR
);
