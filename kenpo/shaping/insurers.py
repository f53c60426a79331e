"""保険者: bars and tables of insurers and members by type, establishment sizes, the 2020 survey."""

from __future__ import annotations

import pandas as pd

from kenpo import figures
from kenpo.derived import derived
from kenpo.documents import short_titles
from kenpo.figures import dates_text


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
