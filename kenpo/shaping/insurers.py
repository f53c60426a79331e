"""保険者: bars and tables of insurers and members by type, establishment sizes, the 2020 survey."""

from __future__ import annotations

import pandas as pd

from kenpo.derived import derived
from kenpo.documents import short_titles
from kenpo.fiscal import era_month
from kenpo.labels import date_text


def _as_of_label(d) -> str:
    if d is None or pd.isna(d):
        return "時点不明"
    return f"{era_month(pd.Timestamp(d).date())}末"  # the era rule's owner: kenpo.fiscal


@derived
def landscape_table(landscape: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "保険者種別": landscape["insurer_type"],
            "保険者数": landscape["insurers"],
            "保険者数の単位": landscape["insurers_unit"].fillna(""),
            "保険者数の時点": date_text(landscape["insurers_as_of"]),
            "加入者数（人）": landscape["members"],
            "加入者数の時点": date_text(landscape["members_as_of"]),
            "注記": landscape["note"].fillna(""),
            "出典": short_titles(landscape["source"]),
            "出典箇所": landscape["section"],
        }
    ).reset_index(drop=True)


@derived
def landscape_bars(landscape: pd.DataFrame, column: str) -> pd.DataFrame:
    as_of_col = "members_as_of" if column == "members" else "insurers_as_of"
    rows = landscape[landscape[column].notna()]
    return pd.DataFrame(
        {
            "label": [f"{t}（{_as_of_label(d)}）" for t, d in zip(rows["insurer_type"], rows[as_of_col])],
            "value": rows[column].astype(float),
            "note": rows["note"].fillna(""),
        }
    )


@derived
def not_printed(frame: pd.DataFrame, label: str, column: str = "value") -> list[str]:
    """Labels of rows the document prints without a figure, for a visible note under the chart."""
    return frame.loc[frame[column].isna(), label].tolist()


@derived
def sizes_table(sizes: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "事業所規模（従業員数）": sizes["size_class"],
            "構成割合（%）": sizes["value"],
            "時点": date_text(sizes["as_of"]),
            "注記": sizes["note"].fillna(""),
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
            "注記": survey["note"].fillna(""),
            "出典": short_titles(survey["source"]),
            "出典箇所": survey["section"],
        }
    ).reset_index(drop=True)
