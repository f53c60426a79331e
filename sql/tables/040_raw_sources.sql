-- The five source documents (data/sources.csv).
CREATE TABLE raw_sources (
    source      VARCHAR PRIMARY KEY,
    title       VARCHAR NOT NULL,
    publisher   VARCHAR,
    period      VARCHAR,
    scope       VARCHAR,
    description VARCHAR
);
