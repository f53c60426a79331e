"""Japanese labels for columns and values, shared by tables, charts and CSV downloads."""

from __future__ import annotations

import pandas as pd

from kenpo.derived import derived
from kenpo.fiscal import fiscal_year_label

COLUMNS = {
    "source": "出典",
    "section": "出典箇所",
    "dataset": "データセット",
    "scope": "範囲",
    "metric": "指標",
    "kind": "種別",
    "fiscal_year": "年度",
    "fiscal_year_label": "年度（和暦）",
    "month": "月",
    "fiscal_month": "年度内の月順",
    "basis": "集計区分",
    "as_of": "時点",
    "value": "値",
    "unit": "単位",
    "note": "注記",
    "printed": "資料上の表記",
    "prior_value": "前年度同期の値",
    "difference": "前年差",
    "difference_unit": "前年差の単位",
    "ratio": "前年比",
    "prior_note": "前年度の注記",
    "branch": "支部",
    "branch_actual": "支部実績",
    "branch_target": "支部目標（KPI）",
    "national_actual": "全国実績",
    "national_source": "全国実績の出典",
    "gap": "全国との差",
    "gap_unit": "差の単位",
    "national_rank": "全国順位",
    "status": "評価",
    "target_achieved": "目標達成",
    "beats_national": "全国より良い",
    "direction": "望ましい方向",
    "actual_partial": "実績は年度途中",
    "actual_month": "実績の月",
    "national_partial": "全国は年度途中",
    "national_month": "全国実績の月",
    "actual_basis": "実績の集計区分",
    "actual_note": "実績の注記",
    "target_note": "目標の注記",
    "national_note": "全国実績の注記",
    "declaration": "宣言",
    "target": "目標",
    "target_since": "目標の適用開始年度",
    "target_note_decl": "目標の注記",
    "target_share": "目標に対する達成度（%）",
    "increase": "前年からの増加",
    "met": "目標達成",
    "first_year_met": "初めて達成した年度",
    "insurer_type": "保険者種別",
    "insurers": "保険者数",
    "insurers_unit": "保険者数の単位",
    "insurers_as_of": "保険者数の時点",
    "members": "加入者数（人）",
    "members_as_of": "加入者数の時点",
    "title": "資料名",
    "publisher": "発行",
    "period": "対象期間",
    "description": "内容",
    "figures": "数値の件数",
    "datasets": "データセット数",
    "series": "系列",
    "year": "年度",
    "data_file": "データファイル",
    "data_line": "行",
}

DIRECTIONS = {"higher": "高いほど良い", "lower": "低いほど良い", "none": "—"}


@derived
def japanese_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with Japanese headers (unknown columns keep their name)."""
    return frame.rename(columns={c: COLUMNS.get(c, c) for c in frame.columns})


def fiscal_year_choice(value) -> str:
    """A fiscal year in a picker: '令和5年度（2023）' (the URL keeps 2023); other choices as they are."""
    return f"{fiscal_year_label(value)}（{value}）" if isinstance(value, int) else str(value)


def verdict_label(value) -> str:
    """Whether a target was met, as a table cell reads it: 達成 / 未達成, or — when not judged."""
    if value is None or pd.isna(value):
        return "—"
    return "達成" if bool(value) else "未達成"
