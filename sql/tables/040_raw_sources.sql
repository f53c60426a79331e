-- The five source documents (data/sources.csv). short_title is how pages name a document.
CREATE TABLE raw_sources (
    source      VARCHAR PRIMARY KEY,
    title       VARCHAR NOT NULL,
    short_title VARCHAR NOT NULL UNIQUE,
    publisher   VARCHAR,
    period      VARCHAR,
    scope       VARCHAR,
    description VARCHAR
);
