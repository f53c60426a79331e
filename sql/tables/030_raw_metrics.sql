-- Metric catalogue (data/metrics.csv): which way is better, where a branch metric's national figure
-- lives, and the choices pages make per document (headline figures, the health-check table, goals
-- never judged, KPI items listed for reference).
-- The CHECK vocabulary is kenpo.contracts.DIRECTIONS; tests/store/test_vocabularies.py keeps them equal.
CREATE TABLE raw_metrics (
    source             VARCHAR NOT NULL,
    metric             VARCHAR NOT NULL,
    direction          VARCHAR NOT NULL CHECK (direction IN ('higher', 'lower', 'none')),
    national_source    VARCHAR,
    national_metric    VARCHAR,
    headline_order     INTEGER CHECK (headline_order >= 1),  -- a headline figure of the home page, in this order
    health_check_table BOOLEAN NOT NULL,  -- a count of the national page's 健診等 table
    plan_goal          BOOLEAN NOT NULL,  -- a plan-period goal printed without a year: never judged
    kpi_reference      BOOLEAN NOT NULL,  -- a KPI item listed for reference, outside the document's count
    note               VARCHAR,
    PRIMARY KEY (source, metric)
);
