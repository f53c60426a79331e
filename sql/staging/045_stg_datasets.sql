-- stg_datasets: the datasets' titles (data/datasets.csv).
CREATE VIEW stg_datasets AS
SELECT source, dataset, title
FROM raw_datasets;
