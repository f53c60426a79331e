"""データ: the facet pickers' options, the table of figures, the list of source documents."""

from __future__ import annotations

import re

import pandas as pd

from kenpo import exports
from kenpo.derived import derived
from kenpo.documents import dataset_titles, short_titles
from kenpo.figures import Shown
from kenpo.figures import dates_text as date_text
from kenpo.fiscal import fiscal_year_label


@derived
def dimension_options(dimensions: pd.DataFrame, column: str, filters: dict[str, object]) -> list:
    """Values of ``column`` among the rows that match the filters chosen so far (None = any)."""
    rows = dimensions
    for col, value in filters.items():
        if value is not None:
            rows = rows[rows[col] == value]
    return sorted(rows[column].dropna().unique().tolist())


@derived
def metric_rows(dimensions: pd.DataFrame, filters: dict[str, object]) -> pd.DataFrame:
    """The (source, metric) pairs among the rows that match the filters chosen so far: whose
    aliases the 指標 picker shows (kenpo.shaping.frames.metric_aliases)."""
    rows = dimensions
    for col, value in filters.items():
        if value is not None:
            rows = rows[rows[col] == value]
    return rows[["source", "metric"]].drop_duplicates()


@derived
def facts_table(facts: pd.DataFrame) -> pd.DataFrame:
    out = facts.copy()
    months = out["month"].astype("Int64").astype("string")
    out["month"] = (months + "月").fillna("")
    out["as_of"] = date_text(out["as_of"])
    out["fiscal_year"] = out["fiscal_year"].map(fiscal_year_label)
    # each figure in the scale its document prints it in (4,657千円, not 4,657,000円)
    forms = [Shown(u, int(sc) if pd.notna(sc) else 1) for u, sc in zip(out["unit"], out["printed_scale"])]
    out["value"] = [round(v / f.scale, 6) if pd.notna(v) else None for f, v in zip(forms, out["value"])]
    out["unit"] = [f.label for f in forms]
    out["source"], out["dataset"] = short_titles(out["source"]), dataset_titles(out["dataset"])
    # what a reader looks for first (metric, year, value) on the left; where it comes from after
    return out[
        [
            "metric",
            "scope",
            "fiscal_year",
            "month",
            "kind",
            "basis",
            "value",
            "unit",
            "printed",
            "as_of",
            "note",
            "source",
            "section",
            "dataset",
            "data_file",
            "data_line",
        ]
    ].reset_index(drop=True)


@derived
def sources_markdown(sources: pd.DataFrame) -> str:
    """The documents in one Markdown block: per document its full title and short title, publisher,
    period, scope, the figures kept and its file name (the only place a page shows it), then what
    it contains. Cell text is escaped (* _ ` [ ] < > would be read as Markdown)."""

    def text(value) -> str:
        plain = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
        return re.sub(r"([\\*_`\[\]<>|])", r"\\\1", plain).replace("\n", " ")

    blocks = []
    for d in sources.to_dict("records"):
        blocks.append(
            f"**{text(d['title'])}**（出典欄の表記: {text(d['short_title'])}）  \n"
            f"発行: {text(d['publisher'])}・対象期間: {text(d['period'])}・範囲: {text(d['scope'])}・"
            f"収録した数値: {d['figures']:,}件（{d['datasets']}データセット）・ファイル名: {text(d['source'])}  \n"
            f"{text(d['description'])}"
        )
    return "\n\n".join(blocks)


@derived
def facts_export(facts: pd.DataFrame, sources: pd.DataFrame) -> exports.Export:
    """The download of the figures shown: the same rows, each in the scale its document prints it
    in (as the table shows them), with the dataset's title and the data/ file and line each figure
    is curated in."""
    rows = exports.part(
        facts,
        fiscal_year="fiscal_year",
        month="month",
        scope="scope",
        metric="metric",
        kind="kind",
        basis="basis",
        as_of="as_of",
        value="value",
        unit="unit",
        printed="printed",
        printed_scale="printed_scale",
        scale="printed_scale",
        source="source",
        section="section",
        **{
            "注記": facts["note"].fillna(""),
            "データセット": dataset_titles(facts["dataset"]),
            "データファイル": facts["data_file"],
            "データファイルの行": facts["data_line"].astype("Int64"),
        },
    )
    return exports.export([rows], printed=None, sources=sources, column_decimals={"データファイルの行": 0})
