"""保険者: bars and tables of insurers and members by type, establishment sizes, the 2020 survey."""

from __future__ import annotations

import pandas as pd

from kenpo import exports, figures
from kenpo.derived import derived
from kenpo.documents import short_titles
from kenpo.figures import dates_text
from kenpo.fiscal import fiscal_year_of


def _as_of_label(d) -> str:
    return figures.date_text(d) or "時点不明"


@derived
def members_shown(landscape: pd.DataFrame) -> figures.Shown:
    """Members as the document prints them (000: 万人)."""
    return figures.shown(
        landscape.rename(columns={"members": "value", "members_printed_scale": "printed_scale"}).assign(unit="人")
    )


@derived
def landscape_table(landscape: pd.DataFrame) -> pd.DataFrame:
    members = members_shown(landscape)
    return pd.DataFrame(
        {
            "保険者種別": landscape["insurer_type"],
            "保険者数": landscape["insurers"],
            "保険者数の単位": landscape["insurers_unit"].fillna(""),
            "保険者数の時点": dates_text(landscape["insurers_as_of"]),
            f"加入者数（{members.label}）": members.numbers(landscape["members"]),
            "加入者数の時点": dates_text(landscape["members_as_of"]),
            "出典": short_titles(landscape["source"]),
            "出典箇所": landscape["section"],
        }
    ).reset_index(drop=True)


@derived
def landscape_bars(landscape: pd.DataFrame, column: str) -> pd.DataFrame:
    """Bars of insurers or members by type, labelled with each figure's date; members in the
    document's 万人."""
    as_of_col = "members_as_of" if column == "members" else "insurers_as_of"
    rows = landscape[landscape[column].notna()]
    values = members_shown(landscape).numbers(rows[column]) if column == "members" else rows[column].astype(float)
    return pd.DataFrame(
        {
            "label": [f"{t}（{_as_of_label(d)}）" for t, d in zip(rows["insurer_type"], rows[as_of_col])],
            "value": values,
            "tip_時点": [_as_of_label(d) for d in rows[as_of_col]],
        }
    )


@derived
def not_printed(frame: pd.DataFrame, label: str, column: str = "value") -> list[str]:
    """Labels of rows the document prints without a figure, for a visible note under the chart."""
    return frame.loc[frame[column].isna(), label].tolist()


@derived
def as_of_text(frame: pd.DataFrame) -> str:
    """The date of a frame's figures as the documents write it ('令和3年6月末'), or the dates."""
    return "・".join(dict.fromkeys(_as_of_label(d) for d in frame["as_of"].dropna())) or "時点不明"


@derived
def sizes_table(sizes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "事業所規模（従業員数）": sizes["size_class"],
            "構成割合（%）": sizes["value"],
            "時点": dates_text(sizes["as_of"]),
            "出典": short_titles(sizes["source"]),
            "出典箇所": sizes["section"],
        }
    ).reset_index(drop=True)


@derived
def survey_table(survey: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "保険者種別": survey["insurer_type"],
            "対象数": survey["targeted"],
            "回答数": survey["responded"],
            "回答率（%）": survey["response_rate"],
            "出典": short_titles(survey["source"]),
            "出典箇所": survey["section"],
        }
    ).reset_index(drop=True)


def _fiscal_years(dates: pd.Series) -> list:
    return [None if pd.isna(d) else fiscal_year_of(pd.Timestamp(d).date()) for d in dates]


@derived
def landscape_export(landscape: pd.DataFrame, facts: pd.DataFrame, sources: pd.DataFrame) -> exports.Export:
    """The 保険者数 / 加入者数 download: per insurer type its number of insurers and its members
    (in the document's 万人), each at its own date."""
    parts = []
    for k, (metric, column, as_of, unit, scale) in enumerate(
        (
            ("保険者数", "insurers", "insurers_as_of", "insurers_unit", 1),
            ("加入者数", "members", "members_as_of", "人", members_shown(landscape).scale),
        )
    ):
        rows = landscape[landscape[column].notna()]
        parts.append(
            exports.part(
                rows,
                fiscal_year=_fiscal_years(rows[as_of]),
                scope="insurer_type",
                metric=metric,
                kind="実績",
                basis="時点",
                as_of=as_of,
                value=column,
                unit=unit,
                scale=scale,
                source="source",
                section="section",
                _order=[i * 2 + k for i in landscape.index.get_indexer(rows.index)],
            )
        )
    rows = pd.concat(parts, ignore_index=True).sort_values("_order", kind="stable").drop(columns="_order")
    return exports.export([rows], printed=facts, sources=sources)


@derived
def sizes_export(sizes: pd.DataFrame, facts: pd.DataFrame, sources: pd.DataFrame) -> exports.Export:
    """The 事業所規模 download: each size class's share (a class printed without one has an empty 値)."""
    rows = exports.part(
        sizes,
        fiscal_year="fiscal_year",
        scope="scope",
        metric="metric",
        kind="実績",
        basis="時点",
        as_of="as_of",
        value="value",
        unit="unit",
        decimals="printed_decimals",
        source="source",
        section="section",
        **{"事業所規模（従業員数）": sizes["size_class"]},
    )
    return exports.export([rows], printed=facts, sources=sources)


SURVEY_METRICS = (  # the survey's three figures per insurer type, as 001 names them
    ("データヘルス全数調査 対象数", "targeted", "保険者"),
    ("データヘルス全数調査 回答数", "responded", "保険者"),
    ("データヘルス全数調査 回答率", "response_rate", "%"),
)
SURVEY_METRIC_NAMES = [m for m, _, _ in SURVEY_METRICS]


@derived
def survey_export(survey: pd.DataFrame, facts: pd.DataFrame, sources: pd.DataFrame) -> exports.Export:
    """The 全数調査 download: per insurer type its 対象数, 回答数 and 回答率, one a row."""
    parts = [
        exports.part(
            survey,
            fiscal_year="fiscal_year",
            scope="insurer_type",
            metric=metric,
            kind="実績",
            basis="年度",
            value=column,
            unit=unit,
            source="source",
            section="section",
            _order=[i * 3 + k for i in range(len(survey))],
        )
        for k, (metric, column, unit) in enumerate(SURVEY_METRICS)
    ]
    rows = pd.concat(parts, ignore_index=True).sort_values("_order", kind="stable").drop(columns="_order")
    return exports.export([rows], printed=facts, sources=sources)
