"""Small cached readings of query frames that several pages share: a picker's options, a frame's
unit and first value, its rows as records, the rows with a printed figure, the source line.

Every function is pure and cached by the identity of its input frames (kenpo.derived); results
are shared by every session and never modified.
"""

from __future__ import annotations

import pandas as pd

from kenpo.aliases import shown
from kenpo.derived import derived
from kenpo.derived import first_value as first  # noqa: F401 - for pages: a frame's first value, cached
from kenpo.documents import short_title
from kenpo.fiscal import fiscal_years_span


@derived
def unit_of(frame: pd.DataFrame) -> str:
    """The unit of a one-metric frame (its first stated unit), or "" when none is stated."""
    units = frame["unit"].dropna()
    return str(units.iloc[0]) if len(units) else ""


@derived
def distinct(frame: pd.DataFrame, column: str, *, sort: bool = False) -> list:
    """The values of ``column`` in first-seen order (or sorted): the options of a picker."""
    values = list(dict.fromkeys(frame[column].tolist()))
    return sorted(values) if sort else values


@derived
def years_span(frame: pd.DataFrame, column: str = "fiscal_year") -> str:
    """The fiscal years of the rows in a few characters (令和5-6年度), for a chart image's file name."""
    return fiscal_years_span(frame[column].dropna()) if column in frame.columns else ""


@derived
def metric_aliases(metrics: pd.DataFrame, aliases: pd.DataFrame) -> dict[str, list[str]]:
    """metric -> its aliases as a picker shows them (kenpo.aliases.shown: 「KPI 1-1」), from each
    document the frame has the metric from (its source column): an alias is its document's name for
    the metric, never carried to another document's metric of the same label."""
    pairs = set(zip(metrics["source"], metrics["metric"]))
    out: dict[str, list[str]] = {}
    for source, metric, alias, kind in zip(aliases["source"], aliases["metric"], aliases["alias"], aliases["kind"]):
        if (source, metric) in pairs and shown(alias, kind) not in out.get(metric, []):
            out.setdefault(metric, []).append(shown(alias, kind))
    return out


@derived
def records(frame: pd.DataFrame) -> list[dict]:
    """The rows as plain dicts (iterating a DataFrame on every rerun costs milliseconds)."""
    return frame.to_dict("records")


@derived
def documents_of(*frames: pd.DataFrame, column: str = "source") -> list[str]:
    """The documents (file names) the rows of ``frames`` come from, first seen first."""
    return list(dict.fromkeys(s for f in frames if column in f.columns for s in f[column] if isinstance(s, str)))


@derived
def metrics_of(*frames: pd.DataFrame, column: str = "metric") -> list[str]:
    """The metrics of the rows of ``frames``."""
    return list(dict.fromkeys(m for f in frames if column in f.columns for m in f[column] if isinstance(m, str)))


@derived
def printed_only(frame: pd.DataFrame, column: str = "value") -> pd.DataFrame:
    """Rows whose figure the document prints (a bar chart cannot show a missing figure)."""
    return frame[frame[column].notna()].reset_index(drop=True)


# A chart drawn from many tables (a KPI matrix) names the first few sections under it; every
# row's own section stays in the table and its download.
SOURCE_SECTIONS_SHOWN = 3


@derived
def source_caption(frame: pd.DataFrame) -> str:
    """'出典: <document>「section」「section」 / …' for every figure of ``frame``: its source (the
    document's short title, kenpo.documents) and section, and for a comparison also the national
    figures' own source and section."""
    pairs = list(zip(frame["source"], frame["section"].fillna("")))
    if "national_source" in frame.columns:
        pairs += [
            (s, sec)
            for s, sec in zip(frame["national_source"], frame["national_section"].fillna(""))
            if isinstance(s, str)
        ]
    by_source: dict[str, list[str]] = {}
    for source, section in pairs:
        sections = by_source.setdefault(source, [])
        if section not in sections:
            sections.append(section)
    if not by_source:
        return ""

    def quoted(section: str) -> str:  # a heading that quotes a title nests 『』 inside 「」
        return "「" + section.replace("「", "『").replace("」", "』") + "」"

    def listed(sections: list[str]) -> str:
        shown = "".join(quoted(s) for s in sections[:SOURCE_SECTIONS_SHOWN])
        rest = len(sections) - SOURCE_SECTIONS_SHOWN
        return shown + (f" ほか{rest}箇所（表の出典箇所の列）" if rest > 0 else "")

    return "出典: " + " / ".join(f"{short_title(source)} {listed(sections)}" for source, sections in by_source.items())


@derived
def latest_kpi_summary(summary: pd.DataFrame) -> pd.DataFrame:
    """The KPI verdict counts of the latest fiscal year only."""
    if summary.empty:
        return summary
    return summary[summary["fiscal_year"] == summary["fiscal_year"].max()].reset_index(drop=True)
