"""検算: the reconciliation view's rows as the page shows them (cards, the chart by document, the
list of checks that do not agree exactly, the table) and as it exports them.

Every figure is shown as its document prints it: the printed figure as printed, the recomputed
value and the difference in the printed figure's scale (万人, 千円), with its printed decimals, and
two more for a rate, a growth rate or an average (a recomputed 9.83% beside a printed 9.9%).
"""

from __future__ import annotations

import pandas as pd

from kenpo import exports
from kenpo.derived import derived
from kenpo.documents import short_title, short_titles
from kenpo.figures import Shown
from kenpo.fiscal import fiscal_year_label, month_label
from kenpo.notices import plain

VERDICTS = ("一致", "端数差", "不一致")
# What each verdict means, in the words the page uses (cards' help, the page's legend).
VERDICT_HELP = {
    "一致": "計算し直した値を、印字と同じ桁で丸めると印字の値になる",
    "端数差": "丸めると印字の値にならないが、差は印字の丸め（とその元の数値の丸め）で説明できる範囲",
    "不一致": "差が丸めでは説明できない。資料内の食い違い（注記に内容）",
}
# What each family of checks recomputes, for the type filter and the table.
FAMILIES = {
    "合計": "合計・小計 = 内訳の和",
    "年度計": "年度の計 = 各月の和",
    "累計": "月末の数 = 前月末 + 当月",
    "差": "増減数・差 = 2つの数値の差",
    "再掲": "同じ数値の再掲（本文・表・グラフ・前年度の目標）",
    "比率": "率 = 分子 ÷ 分母（目標件数 = 対象者数 × 目標率 など）",
    "増減率": "前年度比の増減率 = 今年度 ÷ 前年度 − 1",
    "平均": "年度の平均 = 各月の平均",
    "評価件数": "評価の件数 = 評価表で数えた項目数",
}
# Families whose recomputed value is a quotient (shown with two decimals more than printed).
_QUOTIENTS = {"比率", "増減率", "平均"}


def _extra_decimals(family: str) -> int:
    return 2 if family in _QUOTIENTS else 0


def documents(summary: pd.DataFrame) -> list[str]:
    """The documents with checks, in the catalogue's order (the summary's rows less the total)."""
    return [s for s in summary["source"] if isinstance(s, str)]


def document_order(summary: pd.DataFrame) -> list[str]:
    """The chart's documents top to bottom, by short title, in the catalogue's order."""
    return [short_title(s) for s in documents(summary)]


def counts(summary: pd.DataFrame, source: str | None) -> dict[str, int]:
    """{'検算': n, '一致': n, '端数差': n, '不一致': n} of one document, or of all (None)."""
    rows = summary[summary["source"].isna()] if source is None else summary[summary["source"] == source]
    if rows.empty:
        return {"検算": 0, **dict.fromkeys(VERDICTS, 0)}
    row = rows.iloc[0]
    return {
        "検算": int(row["checks"]),
        "一致": int(row["agreed"]),
        "端数差": int(row["rounding"]),
        "不一致": int(row["disagreed"]),
    }


def headline(summary: pd.DataFrame) -> str:
    """概要's line: 「検算 556件：一致 517・端数差 16・不一致 23」."""
    c = counts(summary, None)
    return f"検算 {c['検算']:,}件：一致 {c['一致']:,}・端数差 {c['端数差']:,}・不一致 {c['不一致']:,}"


def by_document(summary: pd.DataFrame) -> pd.DataFrame:
    """The chart's rows: one per document and verdict, with its count (zeros kept: a document
    without a 不一致 still shows that it has none in the tooltip)."""
    rows = summary[summary["source"].notna()]
    out = []
    for r in rows.itertuples():
        title = short_title(r.source)
        for verdict, column in zip(VERDICTS, ("agreed", "rounding", "disagreed")):
            out.append({"document": title, "verdict": verdict, "count": int(getattr(r, column)), "source": r.source})
    return pd.DataFrame(out, columns=["document", "verdict", "count", "source"])


def by_kind(counts: pd.DataFrame) -> pd.DataFrame:
    """The chart's rows for one document: one per kind of check (in FAMILIES' order) and verdict."""
    out = []
    for r in counts.to_dict("records"):
        for verdict, column in zip(VERDICTS, ("agreed", "rounding", "disagreed")):
            out.append({"kind": r["family"], "verdict": verdict, "count": int(r[column]), "source": r["source"]})
    return pd.DataFrame(out, columns=["kind", "verdict", "count", "source"])


def kind_order(counts: pd.DataFrame) -> list[str]:
    """The kinds of check a document has, top to bottom in FAMILIES' order."""
    return [f for f in FAMILIES if f in set(counts["family"])]


def _shown(row) -> Shown:
    scale = int(row["printed_scale"]) if pd.notna(row["printed_scale"]) else 1
    decimals = int(row["printed_decimals"]) if pd.notna(row["printed_decimals"]) else 0
    return Shown(str(row["unit"]), scale, decimals)


def _period(row) -> str:
    year = fiscal_year_label(int(row["fiscal_year"]))
    if pd.notna(row["month"]):
        return f"{year} {month_label(int(row['month']))}" + ("末" if row["basis"] == "時点" else "")
    return year


def _item(row) -> str:
    """The figure checked: its scope where it is not the whole of the document, its name, and 目標
    for a target ('群馬 郵送化率', '宣言6（協会けんぽ）', '保険証回収率 目標')."""
    scope = row["scope"]
    metric = str(row["metric"])
    kind = "" if row["kind"] == "実績" else f" {row['kind']}"
    return (metric if scope in ("全国",) else f"{scope} {metric}") + kind


def _numbers(row) -> tuple[str, str]:
    """The recomputed value and the difference, in the printed figure's unit and scale."""
    shown = _shown(row)
    decimals = shown.decimals + _extra_decimals(str(row["family"]))
    recomputed = shown.text(row["recomputed"], decimals=decimals)
    difference = "0" if row["difference"] == 0 else shown.text(row["difference"], sign=True, decimals=decimals)
    return recomputed, difference


def first_rows(checks: pd.DataFrame, limit: int) -> tuple[pd.DataFrame, str]:
    """The checks the table shows (a national-scale store has some 25,000) and, when that is not
    all of them, the sentence saying so ('' otherwise)."""
    if len(checks) <= limit:
        return checks, ""
    return checks.head(limit), (
        f"{len(checks):,}件のうち先頭{limit:,}件を表示しています。資料・判定・種類で絞り込んでください"
        "（ダウンロードにはすべての件が入ります）。"
    )


@derived
def table(checks: pd.DataFrame) -> pd.DataFrame:
    """The page's table: one row per check, in Japanese (rows read as dicts: a national-scale store
    has some 25,000 checks, and a pandas row object per check cost a second)."""
    records = checks.to_dict("records")
    numbers = [_numbers(r) for r in records]
    return pd.DataFrame(
        {
            "判定": checks["verdict"],
            "資料": short_titles(checks["source"]),
            "種類": checks["family"],
            "項目": [_item(r) for r in records],
            "時期": [_period(r) for r in records],
            "印字": checks["printed"],
            "単位": [_shown(r).label for r in records],
            "再計算": [n[0] for n in numbers],
            "差": [n[1] for n in numbers],
            "計算式": checks["formula"],
            "注記": checks["note"].fillna(""),
            "出典箇所": checks["section"],
        }
    )


def discrepancies(checks: pd.DataFrame, verdict: str) -> list[dict]:
    """The checks of one verdict other than 一致, as the page lists them: one entry per figure and
    note (a month-end count that disagrees in nine months is one entry with nine lines), each line
    its period, printed against recomputed, and its formula; all text shown as plain text."""
    rows = checks[checks["verdict"] == verdict]
    groups: dict[tuple, dict] = {}
    for r in rows.to_dict("records"):
        note = r["note"] if isinstance(r["note"], str) else ""
        key = (r["source"], r["family"], _item(r), note)
        recomputed, difference = _numbers(r)
        group = groups.setdefault(
            key,
            {
                "verdict": verdict,
                "document": short_title(r["source"]),
                "title": plain(_item(r)),
                "note": plain(note, 1000),
                "section": plain(str(r["section"])),
                "lines": [],
            },
        )
        group["lines"].append(
            {
                "period": plain(_period(r)),
                "figures": plain(f"印字「{r['printed']}」 ／ 再計算 {recomputed}（差 {difference}）"),
                "formula": plain(str(r["formula"]), 1000),
            }
        )
    return list(groups.values())


def heading_markdown(item: dict) -> str:
    """An entry's first line: its verdict as a badge, the figure, the document in small grey type."""
    badge = ":orange-badge[端数差]" if item["verdict"] == "端数差" else ":red-badge[不一致]"
    return f"{badge} **{item['title']}**　:small[:gray[{item['document']}]]"


def lines_markdown(item: dict, *, formulas: bool) -> str:
    """An entry's periods as a list: printed against recomputed, and (``formulas``) the formula
    under each in small grey type."""
    return "\n".join(
        f"- {line['period']}：{line['figures']}"
        + (f"  \n  :small[:gray[計算式: {line['formula']}]]" if formulas else "")
        for line in item["lines"]
    )


def export(checks: pd.DataFrame, sources: pd.DataFrame) -> exports.Export:
    """The download: each check's printed figure as a contract row (値 in the printed scale and
    decimals, 資料上の表記 as printed), then the check: its type, the recomputed value, the
    difference and the rounding allowance in the same scale (marked 計算), the verdict, the formula
    and the note."""
    scale = pd.to_numeric(checks["printed_scale"], errors="coerce").fillna(1)
    rows = exports.part(
        checks,
        fiscal_year="fiscal_year",
        month="month",
        scope="scope",
        metric="metric",
        kind="kind",
        basis="basis",
        value="printed_value",
        unit="unit",
        scale=scale.astype(int).tolist(),
        decimals="printed_decimals",
        source="source",
        section="section",
        printed="printed",
        printed_scale=scale.astype(int).tolist(),
    )
    rows["検算の種類"] = checks["family"].tolist()
    rows["再計算した値（計算）"] = exports.rounded(checks["recomputed"] / scale, 4).tolist()
    rows["差（計算）"] = exports.rounded(checks["difference"] / scale, 4).tolist()
    rows["丸めで説明できる差（計算）"] = exports.rounded(checks["tolerance"] / scale, 4).tolist()
    rows["判定"] = checks["verdict"].tolist()
    rows["計算式"] = checks["formula"].tolist()
    rows["注記"] = checks["note"].fillna("").tolist()
    return exports.export(
        [rows],
        printed=None,
        sources=sources,
        column_decimals={"再計算した値（計算）": 4, "差（計算）": 4, "丸めで説明できる差（計算）": 4},
    )


def file_filters(source: str | None, verdicts: list[str], families: list[str]) -> dict[str, object]:
    """What the download's file name says of the choices: the document, and the verdicts and kinds
    of check only when not all are chosen ('検算_群馬支部 令和6年度…_不一致.csv')."""
    return {
        "source": short_title(source) if source else None,
        "verdict": "・".join(verdicts) if set(verdicts) != set(VERDICTS) else None,
        "type": "・".join(families) if set(families) != set(FAMILIES) else None,
    }
