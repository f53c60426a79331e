"""Every stored value agrees with the figure as printed, for every fact row of every document.

For each fact row with a `printed` text, the text is read with the project's own parsers
(kenpo.build.parsing: parse_duration_minutes for h:mm, parse_number for bare figures with △/▲ and %,
parse_quantity for a figure carrying its unit such as 4,037万人 or 4,657千円) and multiplied by
the scale the table's header states (SCALES below, each quoted from the document). The result
must equal `value`.

- A printed text that is not a number (中止, 前年度以上, 平成28年1月27日, 約1/3 …) is allowed only
  with an empty value; a number printed with an empty value fails.
- Places where the document itself cannot be read as printed are named in EXCEPTIONS with
  their figures; nothing else may differ.

The mutation tests at the end run the same check on modified copies of the rows (the files in
data/ are never touched) and show that a slipped digit, a 10,000× slip or an unconverted 千円 fail.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from kenpo.build.parsing import normalise_text, parse_duration_minutes, parse_number, parse_quantity
from tests.data import coverage

S000 = "000_ea8c514f59c29b9d.txt"
S001 = "001_13eacd28bf54fe8c.txt"
S002 = "002_3cca3b27335fda2a.txt"
S003 = "003_9fe123e5a1b14397.txt"
S004 = "004_d6ee1ea992777844.txt"

# ------------------------------------------------------------------ table-header scales
# (source, dataset, metric or None for the whole dataset) -> (factor, header text as printed).
# A row not listed has scale 1: its cell is in base units, or carries its own unit
# (4,037万人, 4,657千円, 242万事業所), which parse_quantity / the 万・千 reading converts.
# The most specific key wins. Each header text must occur in the document (checked below).
H003_ENROLMENT = "（加入者数などの人数：千人、平均標準報酬月額：円、適用事業所数：千カ所）"
H003_MONTHLY = "（単位：万人）"
SCALES: dict[tuple[str, str, str | None], tuple[float, str]] = {
    # 003 「2014年度～2023年度の推移」: people in 千人, establishments in 千カ所, 報酬 in 円,
    # the bracketed 増減率 in % (scale 1).
    (S003, "national_enrolment", "加入者数"): (1_000, H003_ENROLMENT),
    (S003, "national_enrolment", "被保険者数"): (1_000, H003_ENROLMENT),
    (S003, "national_enrolment", "被扶養者数"): (1_000, H003_ENROLMENT),
    (S003, "national_enrolment", "任意継続被保険者数"): (1_000, H003_ENROLMENT),
    (S003, "national_enrolment", "適用事業所数"): (1_000, H003_ENROLMENT),
    (S003, "national_enrolment", "平均標準報酬月額"): (1, H003_ENROLMENT),
    # 003 「2023年度の月別の新規加入者数等の推移」: every cell in 万人.
    (S003, "national_monthly_members", None): (10_000, H003_MONTHLY),
}

# ------------------------------------------------------------------ the document's own errors
# (source, dataset, metric, kind, fiscal_year, month, basis) -> (printed, value, why).
# See also tests/data/test_002.py (EXCEPTIONS, 超過勤務時間).
EXCEPTIONS: dict[tuple, tuple[str, float, str]] = {
    (S002, "gunma_overtime", "超過勤務時間", "実績", 2023, 9, "単月"): (
        "3.46",
        226,
        "printed 3.46 (period for colon) among h:mm cells; read as 3:46 = 226 分, "
        "which makes the printed 平均 3:19 agree",
    ),
    (S002, "gunma_overtime", "超過勤務時間", "実績", 2023, 10, "単月"): (
        "4.48",
        288,
        "printed 4.48 (period for colon); read as 4:48 = 288 分",
    ),
}
KEY = ["source", "dataset", "metric", "kind", "fiscal_year", "month", "basis"]

# Words around a figure that do not change it: 約242万, 計1,492事業所, 原則100%, 年4回, 初診37位,
# 達成 7, 80％以上, 20％以下, 10営業日以内, 6回程度, 44支部が達成, 47…協議会すべて, 86機関増加.
# 減少 makes the figure negative (1万8千人減少 → −18,000), as △ and ▲ do.
PREFIXES = ("約", "計", "原則", "年間", "年", "初診", "再診", "概ね達成", "未達成", "達成")
SUFFIXES = ("以上", "以下", "以内", "程度", "増加", "が達成", "すべて")
MULTIPLIERS = {"万": 10_000, "千": 1_000, "割": 10}  # 8割 is stored as 80 (%)
_COMPOUND = re.compile(r"([△▲-]?[\d,]+(?:\.\d+)?)万([\d,]+(?:\.\d+)?)千\D*")  # 3,955万9千人
_COUNTED = re.compile(r"([△▲-]?[\d,]+(?:\.\d+)?)(万|千|割)?\D*")  # 91枚, 1万社, 約92万件, 8割


def printed_value(text) -> float | None:
    """The figure a printed text states, in the text's own units; None if it states none."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    s = normalise_text(str(text)).replace(" ", "")
    try:
        return float(parse_duration_minutes(s))
    except ValueError:
        pass
    m = re.fullmatch(r"(.+?人)に1人", s)  # 3.1人に１人 → 3.1 人
    if m:
        s = m.group(1)
    m = re.fullmatch(r"合計\((.+)\)", s)  # 合計（20件）
    if m:
        s = m.group(1)
    sign = 1.0
    changed = True
    while changed:
        changed = False
        for p in PREFIXES:
            if s.startswith(p) and s[len(p) :][:1].isdigit():
                s, changed = s[len(p) :], True
        for x in SUFFIXES + ("減少",):
            if s.endswith(x) and len(s) > len(x):
                s, changed = s[: -len(x)], True
                sign = -sign if x == "減少" else sign
    for parse in (parse_number, lambda t: parse_quantity(t)[0]):
        try:
            return sign * parse(s)
        except ValueError:
            pass
    m = _COMPOUND.fullmatch(s)
    if m:
        return sign * (parse_number(m.group(1)) * 10_000 + parse_number(m.group(2)) * 1_000)
    m = _COUNTED.fullmatch(s)
    if m:
        return sign * parse_number(m.group(1)) * MULTIPLIERS.get(m.group(2), 1)
    return None


def scale(source: str, dataset: str, metric: str) -> float:
    hit = SCALES.get((source, dataset, metric)) or SCALES.get((source, dataset, None))
    return hit[0] if hit else 1


def _key(r) -> tuple:
    month = None if pd.isna(r["month"]) else int(r["month"])
    return (r["source"], r["dataset"], r["metric"], r["kind"], int(r["fiscal_year"]), month, r["basis"])


def check(frame: pd.DataFrame) -> list[tuple[tuple, str, object, float | None, str]]:
    """(key, printed, value, expected, problem) of every row whose value disagrees with its printed text."""
    out = []
    for _, r in frame.iterrows():
        if pd.isna(r["printed"]):
            continue  # the validator requires printed with every value; only empty rows lack it
        p = printed_value(r["printed"])
        v = None if pd.isna(r["value"]) else float(r["value"])
        where = f"{r.get('data_file', '?')}:{r.get('data_line', '?')}"
        if p is None:
            if v is not None:
                out.append((_key(r), r["printed"], v, None, f"{where}: a value with a printed text that is no number"))
            continue
        expected = p * scale(r["source"], r["dataset"], r["metric"])
        if v is None:
            out.append((_key(r), r["printed"], v, expected, f"{where}: a printed number with an empty value"))
        elif not math.isclose(v, expected, rel_tol=1e-9, abs_tol=1e-9):
            out.append((_key(r), r["printed"], v, expected, f"{where}: value is not printed × header scale"))
    return out


@pytest.fixture(scope="module")
def raw(con):
    """The fact rows as loaded from data/, with printed, file and line."""
    return con.execute("SELECT * FROM raw_facts").df()


def unexplained(frame: pd.DataFrame) -> list:
    """check() without the named exceptions; an exception excuses only its own printed text and value."""
    return [b for b in check(frame) if EXCEPTIONS.get(b[0], (None, None))[:2] != (b[1], b[2])]


# ------------------------------------------------------------------ the rule on the real data
def test_every_value_is_its_printed_figure_times_the_header_scale(raw):
    bad = unexplained(raw)
    assert not bad, "\n".join(f"{b[4]} printed {b[1]!r} value {b[2]} expected {b[3]}  {b[0]}" for b in bad)


def test_each_exception_is_still_there_with_its_figures(raw):
    found = {b[0]: b for b in check(raw)}
    for key, (printed, value, _why) in EXCEPTIONS.items():
        assert key in found, f"exception no longer differs or is gone: {key}"
        _, got_printed, got_value, _, _ = found[key]
        assert (got_printed, got_value) == (printed, value), key


def test_rows_are_checked_not_skipped(raw):
    # The rule must see (almost) every row: all rows with a value are parsed, and only
    # empty rows have a printed text that is no number.
    with_value = raw[raw["value"].notna()]
    assert len(with_value) > 1900
    assert with_value["printed"].map(printed_value).notna().all()
    words = raw.loc[raw["value"].isna() & raw["printed"].notna(), "printed"]
    assert words.map(printed_value).isna().all()


def test_header_scales_are_quoted_from_the_document_and_used(raw):
    docs = {name: coverage.document(name[:3])[1] for name in {k[0] for k in SCALES}}
    for (source, dataset, metric), (_factor, header) in SCALES.items():
        assert header in docs[source], (source, header)
        rows = raw[(raw["source"] == source) & (raw["dataset"] == dataset)]
        if metric is not None:
            rows = rows[rows["metric"] == metric]
        assert len(rows) > 0, (source, dataset, metric)
    scaled = raw[[scale(s, d, m) != 1 for s, d, m in zip(raw["source"], raw["dataset"], raw["metric"])]]
    assert len(scaled) == 50 + 78  # 003: 5 series × 10 years in 千人/千カ所; 6 monthly rows × 13 in 万人


@pytest.mark.parametrize(
    "text,expected",
    [
        ("3:05", 185),
        ("3：33", 213),
        ("△ 1", -1),
        ("▲0.4%", -0.4),
        ("97.５%", 97.5),
        ("１２３，４５６", 123456),
        ("4,037万人", 40_370_000),
        ("4,657千円", 4_657_000),
        ("3,955万9千人", 39_559_000),
        ("1万8千人減少", -18_000),
        ("約32万件減少", -320_000),
        ("5,966円増加", 5966),
        ("約８割", 80),
        ("3.1人に１人", 3.1),
        ("合計（20件）", 20),
        ("44支部が達成", 44),
        ("初診37位", 37),
        ("達成 7", 7),
        ("500社（法人）以上", 500),
        ("0.6％ポイント", 0.6),
        ("91枚", 91),
        ("中止", None),
        ("前年度以上", None),
        ("平成28年1月27日", None),
        ("約1/3", None),
        ("－", None),
    ],
)
def test_printed_value_reads_the_forms_the_documents_use(text, expected):
    got = printed_value(text)
    assert got == (None if expected is None else pytest.approx(expected))


# ------------------------------------------------------------------ mutations on a copy
def _mutate(raw, source, printed, metric_part, **changes) -> tuple[pd.DataFrame, tuple]:
    """A copy of the rows with the first row matching (source, printed, metric substring) changed."""
    m = raw.copy()
    hit = m.index[
        (m["source"] == source) & (m["printed"] == printed) & m["metric"].str.contains(metric_part, regex=False)
    ]
    assert len(hit) >= 1, (source, printed, metric_part)
    i = hit[0]
    for col, val in changes.items():
        m.loc[i, col] = val(m.loc[i, col]) if callable(val) else val
    return m, _key(m.loc[i])


@pytest.mark.parametrize(
    "source,printed,metric_part,changes",
    [
        # M1: 91 stored as 19 while printed 91枚
        (S002, "91枚", "提供依頼書取得枚数", {"value": 19}),
        # M2: a 10,000× slip (528名 stored as 5,280,000)
        (S003, "528名", "集合研修", {"value": lambda v: v * 10_000}),
        # M8: 千円 not converted (4,657千円 stored as 4,657)
        (S004, "4,657千円", "医療費適正化対策", {"value": 4657}),
        # the header scale forgotten (003 万人 table: 144.2 stored as 144.2 instead of 1,442,000)
        (S003, "144.2", "新規加入者数", {"value": 144.2}),
        # a 千人 figure stored ×10,000 instead of ×1,000
        (S003, "40,460", "加入者数", {"value": 404_600_000}),
        # a sign lost (△ 1 stored as 1)
        (S002, "△ 1", "", {"value": lambda v: -v}),
        # h:mm read as a decimal (3:05 stored as 3.05)
        (S002, "3:05", "超過勤務時間", {"value": 3.05}),
        # a value emptied while the document prints a number
        (S000, "4,037万人", "", {"value": None}),
        # a value given to a row whose printed text is no figure (中止)
        (S000, "中止", "運動セミナー", {"value": 189}),
        # a named exception with another value is no longer excused
        (S002, "3.46", "超過勤務時間", {"value": 227}),
    ],
)
def test_the_check_fails_on_mutated_copies(raw, source, printed, metric_part, changes):
    assert not unexplained(raw)
    mutated, key = _mutate(raw, source, printed, metric_part, **changes)
    assert key in {b[0] for b in unexplained(mutated)}
