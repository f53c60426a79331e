-- Every figure of the curated CSV files data/NNN_*.csv, one row each, as validated by kenpo.validate.
-- The CHECK vocabularies are kenpo.contracts' (KINDS, BASES, UNITS); tests/store/test_vocabularies.py keeps them equal.
CREATE TABLE raw_facts (
    source      VARCHAR NOT NULL,  -- document file name in ../shared/seeds/
    section     VARCHAR NOT NULL,  -- heading or table title the figure stands under
    dataset     VARCHAR NOT NULL,  -- table / group id within the document
    scope       VARCHAR NOT NULL,  -- '全国', a branch ('群馬'), or an insurer type ('健保組合')
    metric      VARCHAR NOT NULL,  -- the document's own label
    kind        VARCHAR NOT NULL CHECK (kind IN ('実績', '目標', '順位')),
    fiscal_year INTEGER NOT NULL,
    month       INTEGER CHECK (month BETWEEN 1 AND 12),
    basis       VARCHAR NOT NULL CHECK (basis IN ('単月', '累計', '年度', '時点')),
    as_of       DATE,
    value       DOUBLE,            -- base units; NULL only where the document prints no figure
    unit        VARCHAR NOT NULL CHECK (unit IN ('人', '円', '件', '%', '事業所', '保険者', '組合', '市町村', '団体', '法人', '社',
                                                '日', '分', '位', '回', '枚', '箇所', '点', '項目', '時間', '倍', 'ポイント')),
    printed     VARCHAR,           -- the figure exactly as printed
    note        VARCHAR,
    data_file   VARCHAR NOT NULL,  -- the data/ file the row was read from
    data_line   INTEGER NOT NULL,  -- its line there (rows follow the document's order)
    printed_scale    INTEGER,      -- the scale it is printed in: 1, 1000 (千人), 10000 (万人), 100000000 (億円)
    printed_decimals INTEGER       -- the decimals it is printed with (95.0% -> 1); NULL without a value
);
