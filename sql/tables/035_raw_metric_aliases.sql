-- The labels a document also prints for one of its metrics (data/metric_aliases.csv): a table's
-- header, a KPI number, a short name in its text, each with the section and the line of the
-- document's text file it is printed on. The build checks that each names a metric of the fact
-- files of its document and leads to no other metric of that document.
-- The CHECK vocabulary is kenpo.contracts.ALIAS_KINDS; tests/store/test_vocabularies.py keeps them equal.
CREATE TABLE raw_metric_aliases (
    source  VARCHAR NOT NULL,
    metric  VARCHAR NOT NULL,
    alias   VARCHAR NOT NULL,
    kind    VARCHAR NOT NULL CHECK (kind IN ('表頭', 'KPI番号', '略称')),
    section VARCHAR NOT NULL,
    line    INTEGER NOT NULL CHECK (line >= 1),  -- the line of ../shared/seeds/<source> the alias is printed on
    note    VARCHAR,
    PRIMARY KEY (source, metric, alias)
);
