"""The contracts of the curated CSV files in data/: columns, vocabularies, keys.

One place that says what a valid file is; ``kenpo.build.validate`` enforces it. The store's DDL in
sql/tables repeats the vocabularies as CHECK constraints, and tests/store/test_vocabularies.py requires
them to equal these (read back from the built store's catalogue). The rules the SQL views share
with Python (the 全国 scope, rate-like figures, the KPI verdicts) reach them as macros that
``kenpo.build.sql_macros`` renders from this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FACT_COLUMNS = (
    "source",
    "section",
    "dataset",
    "scope",
    "metric",
    "kind",
    "fiscal_year",
    "month",
    "basis",
    "as_of",
    "value",
    "unit",
    "printed",
    "note",
)
STATUS_COLUMNS = ("source", "section", "dataset", "scope", "metric", "fiscal_year", "status", "note")
# metrics.csv also holds the choices a page makes per document, so that next year's document
# needs new rows, not new code: headline_order (the home page's headline figures, in order),
# health_check_table (the national page's 健診等 counts), plan_goal (a target printed without a
# year: never judged) and kpi_reference (a KPI item the document lists for reference only).
METRIC_COLUMNS = (
    "source",
    "metric",
    "direction",
    "national_source",
    "national_metric",
    "headline_order",
    "health_check_table",
    "plan_goal",
    "kpi_reference",
    "note",
)
# short_title: how pages name the document in captions, tables and downloads (kenpo.documents);
# one per document, never blank.
SOURCE_COLUMNS = ("source", "title", "short_title", "publisher", "period", "scope", "description")
# datasets.csv: a Japanese title per (source, dataset) id, what データ's データセット filter and
# table show instead of the id; one title names one dataset.
DATASET_COLUMNS = ("source", "dataset", "title")
# metric_aliases.csv: the labels a document also prints for one of its metrics (a table's header, a
# KPI number, a short name in its text), each with where it is printed (section and the line of the
# document's text file); pickers show them beside the metric's name and データ's search finds them.
ALIAS_COLUMNS = ("source", "metric", "alias", "kind", "section", "line", "note")

FACT_KEY = ("source", "dataset", "scope", "metric", "kind", "fiscal_year", "month", "basis")
STATUS_KEY = ("source", "dataset", "scope", "metric", "fiscal_year")
METRIC_KEY = ("source", "metric")
ALIAS_KEY = ("source", "metric", "alias")

KINDS = ("実績", "目標", "順位")
BASES = ("単月", "累計", "年度", "時点")
DIRECTIONS = ("higher", "lower", "none")
UNITS = (
    "人",
    "円",
    "件",
    "%",
    "事業所",
    "保険者",
    "組合",
    "市町村",
    "団体",
    "法人",
    "社",
    "日",
    "分",
    "位",
    "回",
    "枚",
    "箇所",
    "点",
    "項目",
    "時間",
    "倍",
    "ポイント",
)
STATUSES = ("◎", "○", "△", "×", "□", "達成", "概ね達成", "未達成")
# The verdicts of a KPI table (003), in the order pages list them.
KPI_VERDICTS = ("達成", "概ね達成", "未達成")
# The yes/no columns of metrics.csv: "yes", "no" or empty (= no).
FLAGS = ("yes", "no")
METRIC_FLAGS = ("health_check_table", "plan_goal", "kpi_reference")
# The kinds of alias: 表頭 (the header, row label, chart title or legend entry a figure is printed
# under), KPI番号 (the number the document gives a KPI, e.g. 1-1 of 「【KPI】1-1）」), 略称 (a shorter
# name the document's text uses, e.g. カバー率). A KPI number is shown and searched as "KPI 1-1".
ALIAS_KINDS = ("表頭", "KPI番号", "略称")
KPI_NUMBER = "KPI番号"
KPI_NUMBER_PREFIX = "KPI "

# The scope of a figure for the whole of 協会けんぽ (all 47 branches), as the documents print it.
NATIONAL = "全国"

# A 日本健康会議 declaration (001): its label begins 宣言1 … 宣言8, sub-rows such as 宣言2（市町村）
# included; the group is the declaration's number.
DECLARATION = re.compile(r"^(宣言[0-9]+)")

# Units whose figures are counts or amounts: totals add up and 累計 never falls.
ADDITIVE_UNITS = (
    "人",
    "円",
    "件",
    "事業所",
    "保険者",
    "組合",
    "市町村",
    "団体",
    "法人",
    "社",
    "回",
    "枚",
    "箇所",
    "分",
    "時間",
)

# Rate-like figures: per-case or per-person figures and averages (e.g. 1件当たり査定額,
# 平均所要日数), named so in their label, and figures in a unit of rates or levels. They are not
# additive even when their unit is 円 or 日 (a running 累計 average may fall), and they are the
# figures a branch can be set against 全国 (a count is not: the national figure is the 協会 total).
RATE_LIKE_METRIC = re.compile(r"1件当たり|1人当たり|/件|／件|平均")
RATE_LIKE_UNITS = ("%", "日", "分", "倍", "ポイント", "点")

# A % figure lies within 0–100 unless it is a rate of change or a ratio to something else.
CHANGE_RATE = re.compile(r"伸び率|増減率|対前年|前年比|増加率|減少率|比率差|差")

# Marker in a note that records a discrepancy printed by the document itself; the
# totals check accepts such a row as it stands (the figure is never corrected).
DISCREPANCY_MARK = "【不一致】"

YEAR_RANGE = (1989, 2035)


@dataclass(frozen=True)
class FileKind:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    table: str  # raw table in the store


FACTS = FileKind("facts", FACT_COLUMNS, FACT_KEY, "raw_facts")
STATUS = FileKind("status", STATUS_COLUMNS, STATUS_KEY, "raw_statuses")
METRICS = FileKind("metrics", METRIC_COLUMNS, METRIC_KEY, "raw_metrics")
SOURCES = FileKind("sources", SOURCE_COLUMNS, ("source",), "raw_sources")
DATASETS = FileKind("datasets", DATASET_COLUMNS, ("source", "dataset"), "raw_datasets")
ALIASES = FileKind("aliases", ALIAS_COLUMNS, ALIAS_KEY, "raw_metric_aliases")
FILE_KINDS = (FACTS, STATUS, METRICS, SOURCES, DATASETS, ALIASES)


def is_csv_name(name: str) -> bool:
    """A CSV file name, whatever the case of its extension (.csv, .CSV, .Csv)."""
    return name.lower().endswith(".csv")


def kind_of_file(name: str) -> FileKind:
    """Which contract a data/ file follows, from its name (case-insensitive, as on Windows)."""
    name = name.lower()
    if name == "sources.csv":
        return SOURCES
    if name == "metrics.csv":
        return METRICS
    if name == "datasets.csv":
        return DATASETS
    if name == "metric_aliases.csv":
        return ALIASES
    if name.endswith("_status.csv"):
        return STATUS
    return FACTS
