"""Every page's downloads follow the export contract (kenpo.exports, data/README.md "Downloads"):
in each page's default view and after one filter change, the Excel CSV, the plain CSV and the
workbook have the contract's columns in order, 年度 and 月 as numbers, no binary float noise,
every figure of the table on screen, and (the workbook) typed cells, a frozen header, an
autofilter, no formula, and an 出典 sheet listing exactly the documents and sections of the rows.
The screen tables stay as they are (wide where a page compares); the export is their long form."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from openpyxl import load_workbook

from kenpo.downloads import OFFERED, cp932_safe
from kenpo.exports import CONTRACT
from kenpo.figures import decimals_of
from tests.pages import widgets
from tests.pages.conftest import assert_clean

# (page, address, filter to change and its new option, whether each screen row is one export row)
CASES = [
    ("insurers", {}, ("view", "全数調査の回答"), False),
    ("insurers", {"view": "事業所規模"}, ("view", "保険者数"), False),
    ("declarations", {}, ("declaration", "宣言2"), True),
    ("national", {}, ("view", "月別の加入・喪失"), False),
    ("national", {"view": "KPI"}, ("view", "健診等"), False),
    ("branch_monthly", {}, ("metric", "郵送化率"), True),
    ("branch_vs_national", {}, ("view", "KPI一覧"), False),
    ("data", {}, ("source", "三重支部 令和7年度 事業計画 関係資料"), True),
]
# columns on screen that are a year or a line number, not a figure
NOT_FIGURES = {"年度", "行", "目標の適用開始年度"}
NOISE = re.compile(r"(?<![\d.])-?\d+\.\d{5,}(?!\d)")


def _offered(at) -> list[tuple[bytes, bytes, bytes, str]]:
    """(Excel CSV, plain CSV, workbook, Excel CSV button label) per download set on the page."""
    buttons = at.get("download_button")
    made = at.session_state[OFFERED]
    sets = []
    for b in buttons:
        if b.key.startswith("dl_bom_"):
            key = b.key.removeprefix("dl_bom_")
            sets.append((made[b.key](), made[f"dl_utf8_{key}"](), made[f"dl_xlsx_{key}"](), b.proto.label))
    return sets


def _figures(frame: pd.DataFrame) -> set[float]:
    values = set()
    for column in frame.columns:
        if column in NOT_FIGURES or not pd.api.types.is_numeric_dtype(frame[column]):
            continue
        if pd.api.types.is_bool_dtype(frame[column]):
            continue
        values |= {round(float(v), 3) for v in frame[column].dropna()}
    return values


def _sheet_rows(sheet) -> list[list]:
    return [[c.value for c in row] for row in sheet.iter_rows()]


def check_download(bom: bytes, plain: bytes, book: bytes, label: str, screen: pd.DataFrame, same_rows: bool) -> None:
    text = bom.decode("utf-8-sig")
    assert bom.startswith(b"\xef\xbb\xbf")
    text.encode("cp932")  # survives a Shift_JIS re-save
    assert cp932_safe(plain.decode("utf-8")) == text  # the same file, but for the characters mapped
    assert not NOISE.search(text), NOISE.search(text).group()
    csv = pd.read_csv(io.BytesIO(plain), encoding="utf-8")
    assert tuple(csv.columns[: len(CONTRACT)]) == CONTRACT
    assert f"・{len(csv)}行）" in label
    assert pd.api.types.is_integer_dtype(csv["年度"]), csv["年度"].dtype
    for column in ("月", "月順", "値"):
        assert csv[column].isna().all() or pd.api.types.is_numeric_dtype(csv[column]), (column, csv[column].dtype)
    months = csv[csv["月"].notna()]
    assert ((months["月"].astype(int) - 4) % 12 + 1 == months["月順"].astype(int)).all()
    assert set(csv["行の種類"]) <= {"月", "年度", "時点"}
    assert (csv.loc[csv["月"].notna(), "行の種類"] == "月").all()
    assert all(decimals_of(float(v)) <= 3 for v in csv["値"].dropna())
    # every figure on screen is in the export
    exported = _figures(csv)
    missing = _figures(screen) - exported
    assert not missing, sorted(missing)[:10]
    if same_rows:
        assert len(csv) == len(screen)
    else:
        assert len(csv) >= len(screen)

    workbook = load_workbook(io.BytesIO(book))
    data = workbook["データ"]
    rows = _sheet_rows(data)
    assert rows[0] == list(csv.columns)
    assert len(rows) - 1 == len(csv)
    assert data.freeze_panes == "A2" and data.auto_filter.ref and data.auto_filter.ref.startswith("A1:")
    assert all(data.column_dimensions[c.column_letter].width > 0 for c in data[1])
    for sheet in workbook.worksheets:
        formulas = [c.coordinate for row in sheet.iter_rows() for c in row if c.data_type == "f"]
        assert not formulas, (sheet.title, formulas[:5])
    at = {name: i for i, name in enumerate(rows[0])}
    for row in rows[1:]:
        assert isinstance(row[at["年度"]], int), row
        assert row[at["月"]] is None or isinstance(row[at["月"]], int), row
        assert row[at["値"]] is None or isinstance(row[at["値"]], (int, float)), row
    cells = [data.cell(row=r, column=at["値"] + 1) for r in range(2, len(rows) + 1)]
    formats = {c.number_format for c in cells if c.value is not None}
    assert not formats or all(f.startswith("#,##0") for f in formats), formats
    # the 出典 sheet: every document of the rows (title, publisher, period), then every section
    sources = _sheet_rows(workbook["出典"])
    assert sources[0][:4] == ["出典", "資料名", "発行", "対象期間"]
    blank = next(i for i, r in enumerate(sources) if all(v is None for v in r))
    documents = {r[0] for r in sources[1:blank]}
    assert documents == set(csv["出典"].dropna()) - {""}
    assert all(r[1] and r[2] and r[3] for r in sources[1:blank])
    assert sources[blank + 1][:2] == ["出典", "出典箇所"]
    sections = {(r[0], r[1]) for r in sources[blank + 2 :]}
    expected = {(s, c) for s, c in zip(csv["出典"], csv["出典箇所"].fillna("")) if isinstance(s, str) and s}
    assert sections == {(s, c if c is not None else "") for s, c in expected}


@pytest.mark.parametrize("slug,params,change,same_rows", CASES)
def test_every_download_follows_the_contract_by_default_and_after_a_filter_change(
    open_page, slug, params, change, same_rows
):
    at = open_page(slug, **params)
    for how in ("default", "changed"):
        if how == "changed":
            key, option = change
            widgets.single(at, key).set_value(option).run()
        assert_clean(at)
        offered = _offered(at)
        assert offered, (slug, how)
        screens = [frame.value for frame in at.dataframe]
        assert len(screens) == len(offered), (slug, how)
        for (bom, plain, book, label), screen in zip(offered, screens):
            check_download(bom, plain, book, label, screen, same_rows)


@pytest.mark.parametrize("metric", ["窓口件数", "郵送件数", "傷病手当金"])
def test_monthly_export_sums_to_the_printed_year_totals(open_page, metric):
    """Summing a 単月 count's months by 年度 gives the 計 the document prints: the printed year
    figures stand in rows of their own (行の種類 年度), never among the months."""
    at = open_page("branch_monthly", branch="群馬", metric=metric, basis="単月")
    assert_clean(at)
    bom, plain, book, label = _offered(at)[0]
    csv = pd.read_csv(io.BytesIO(plain), encoding="utf-8")
    months = csv[csv["行の種類"] == "月"]
    assert (months["集計区分"] == "単月").all() and months["月"].notna().all()
    sums = months.groupby("年度")["値"].sum()
    totals = csv[(csv["行の種類"] == "年度") & (csv["種別"] == "実績")].set_index("年度")["値"]
    assert len(totals) >= 2, totals
    for year, total in totals.items():
        assert sums[year] == total, (metric, year, sums[year], total)
    # the same from the workbook, whose 年度 and 値 are numbers
    sheet = load_workbook(io.BytesIO(book))["データ"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    at_ = {name: i for i, name in enumerate(rows[0])}
    book_sums: dict[int, float] = {}
    for r in rows[1:]:
        if r[at_["行の種類"]] == "月":
            book_sums[r[at_["年度"]]] = book_sums.get(r[at_["年度"]], 0) + r[at_["値"]]
    assert {y: book_sums[y] for y in totals.index} == totals.to_dict()


def test_one_scale_for_a_rate_of_change(open_page):
    """前年比 was a ratio on 支部 月次 (0.9923) and a percentage on 全国: now 増減率（%）on both."""
    at = open_page("branch_monthly", branch="群馬", metric="郵送化率", basis="単月")
    table = at.dataframe[0].value
    assert "前年比" not in table.columns
    april = table[(table["年度"] == "令和6年度") & (table["月"] == "4月")].iloc[0]
    assert april["増減率（%・計算）"] == round((93.5 / 94.6 - 1) * 100, 1)  # 002: R6 4月 93.5%, R5 4月 94.6%
    at = open_page("national", view="健診等")
    assert "増減率（%・計算）" in at.dataframe[0].value.columns
    assert "前年度比（倍）" not in at.dataframe[0].value.columns
    _, plain, _, _ = _offered(at)[0]
    csv = pd.read_csv(io.BytesIO(plain), encoding="utf-8")
    rates = csv["増減率（%・計算）"].dropna()
    assert len(rates) and (rates.abs() < 1000).all() and (rates.round(1) == rates).all()


def test_printed_text_and_printed_scale(open_page):
    """Each row quotes the figure as printed; 全国 members are in 千人 as 003 prints them, and the
    printed 増減率 of 003 is a row of its own."""
    at = open_page("national", view="推移", metric="加入者数")
    _, plain, _, _ = _offered(at)[0]
    csv = pd.read_csv(io.BytesIO(plain), encoding="utf-8", keep_default_na=False)
    r5 = csv[(csv["年度"] == 2023) & (csv["指標"] == "加入者数")].iloc[0]
    assert (r5["値"], r5["単位"], r5["年度表示"]) == (39559, "千人", "令和5年度")  # 003: 39,559千人
    assert "39,559" in r5["資料上の表記"]
    rate = csv[(csv["年度"] == 2023) & (csv["指標"] == "加入者数 前年度対比の増減率")].iloc[0]
    assert rate["単位"] == "%" and rate["値"] == 0.3


def test_a_branch_page_quotes_only_its_branch_and_the_national_figures(store_path, monkeypatch):
    """The printed text a download quotes is read for the branch shown and 全国 only: on a
    national-scale store the other 46 branches' figures were 1.3 million rows (167 MB) read on every
    run of 支部 vs 全国 KPI一覧, evicting every other cached result (bench: warm reload 1.95 s)."""
    from kenpo import queries
    from kenpo.shaping.branch_vs_national import export_keys

    monkeypatch.setenv("KENPO_DB", str(store_path))
    frame = queries.kpi_matrix("三重")
    documents, metrics, scopes = export_keys(frame)
    assert scopes == ["三重", "全国"]
    quoted = queries.printed_figures(documents, metrics, scopes)
    assert set(quoted["scope"]) == {"三重", "全国"}
    every_scope = queries.printed_figures(documents, metrics)
    assert len(quoted) == len(every_scope[every_scope["scope"].isin(scopes)])
    assert len(queries.printed_figures(documents, metrics, ["全国"])) < len(quoted)
