-- The Japanese title of each dataset id (data/datasets.csv): what データ shows instead of the id.
CREATE TABLE raw_datasets (
    source  VARCHAR NOT NULL,
    dataset VARCHAR NOT NULL,
    title   VARCHAR NOT NULL UNIQUE,
    PRIMARY KEY (source, dataset)
);
