-- One row describing this build: a content hash (the store version) and what went in.
CREATE TABLE store_meta (
    version     VARCHAR NOT NULL,  -- sha256 over the normalised data and the SQL text
    files       VARCHAR NOT NULL,  -- the data/ files loaded, comma-separated
    fact_rows   INTEGER NOT NULL,
    sql_version VARCHAR NOT NULL   -- sha256 over sql/ alone: a store built from other SQL is stale
);
