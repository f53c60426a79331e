-- stg_sources: the source documents (data/sources.csv).
CREATE VIEW stg_sources AS
SELECT source, title, short_title, publisher, period, scope, description
FROM raw_sources;
