-- Metric catalogue (data/metrics.csv): which way is better, and where a branch metric's national figure lives.
-- The CHECK vocabulary is kenpo.contracts.DIRECTIONS; tests/store/test_build.py keeps them equal.
CREATE TABLE raw_metrics (
    source          VARCHAR NOT NULL,
    metric          VARCHAR NOT NULL,
    direction       VARCHAR NOT NULL CHECK (direction IN ('higher', 'lower', 'none')),
    national_source VARCHAR,
    national_metric VARCHAR,
    note            VARCHAR,
    PRIMARY KEY (source, metric)
);
