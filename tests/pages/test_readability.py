"""The pages read like the documents: tooltips show only what a planner reads (never an internal
field or a curation note), figures are in the units and precision their document prints, and
years read in one era style everywhere on screen."""

from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest

from kenpo.store_access import connect_readonly
from tests.pages.conftest import assert_clean, charts

# A view of every chart the pages draw: each page's views (and the branch pages' other branch).
VIEWS = [
    ("home", {}),
    ("insurers", {"view": "加入者数"}),
    ("insurers", {"view": "保険者数"}),
    ("insurers", {"view": "事業所規模"}),
    ("insurers", {"view": "全数調査の回答"}),
    ("declarations", {"declaration": "宣言2"}),
    ("declarations", {"declaration": "宣言6", "view": "保険者種別"}),
    ("national", {"view": "推移"}),
    ("national", {"view": "月別の加入・喪失"}),
    ("national", {"view": "KPI"}),
    ("national", {"view": "健診等"}),
    ("branch_monthly", {"branch": "群馬", "metric": "郵送化率", "basis": "単月"}),
    ("branch_monthly", {"branch": "群馬", "metric": "保険証回収率", "basis": "累計"}),
    ("branch_monthly", {"branch": "三重"}),
    ("branch_vs_national", {"branch": "群馬"}),
    ("branch_vs_national", {"branch": "群馬", "metric": "保険証回収率"}),  # with a 年度末見込み
    ("branch_vs_national", {"branch": "三重", "metric": "生活習慣病予防健診実施率"}),
    ("branch_vs_national", {"branch": "群馬", "view": "KPI一覧"}),
    ("data", {}),
]

# Words of the store and the code, and of curation notes, that a planner never reads.
INTERNAL = re.compile(
    r"fiscal_|label_y|_text$|^value$|dataset|scope|source|section|note|printed|と判断|とした|\(dataset|表頭", re.I
)
NOTE_MARKERS = ("と判断", "fiscal_year", "dataset", "印字どおり")
ERA_YEAR = re.compile(r"^(平成|令和)(元|\d+)年度")


def _layers(spec: dict):
    for layer in spec.get("layer", []):
        yield from _layers(layer) if "layer" in layer else [layer]


def _chart_rows(chart) -> list[dict]:
    rows = []
    for d in chart.proto.datasets:
        rows += pa.ipc.open_stream(d.data.data).read_all().to_pylist()
    return rows


@pytest.mark.parametrize(("slug", "params"), VIEWS, ids=[f"{s}-{'-'.join(p.values())}" for s, p in VIEWS])
def test_tooltips_show_no_internal_field_nor_curation_note(open_page, slug, params):
    """Every mark of every chart has its tooltip set (Streamlit's theme would otherwise list the
    mark's encoded fields: fiscal_month, label_y…); each tooltip field has a Japanese title that is
    no internal word, and no value shown in a tooltip reads like a curation note."""
    at = open_page(slug, **params)
    assert_clean(at)
    for chart in charts(at):
        spec = json.loads(chart.proto.spec)
        rows = _chart_rows(chart)
        for layer in _layers(spec):
            tooltip = layer.get("encoding", {}).get("tooltip")
            mark = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
            assert tooltip is not None, f"{slug} {params}: a {mark} mark without a tooltip setting"
            if isinstance(tooltip, dict) and "value" in tooltip:
                assert tooltip["value"] is None
                continue
            for field in tooltip if isinstance(tooltip, list) else [tooltip]:
                title = field.get("title", "")
                assert title and not INTERNAL.search(title) and not title.isascii(), (slug, params, field)
                shown = {str(r.get(field["field"], "")) for r in rows}
                assert not [v for v in shown if any(m in v for m in NOTE_MARKERS)], (slug, params, title)
        # the chart's own data view ("Show data") lists no internal column either
        columns = {k for r in rows for k in r}
        assert not columns & {"note", "source", "section", "dataset", "data_file", "printed"}, (slug, columns)


@pytest.fixture(scope="module")
def printed(store_path):
    """The printed text of a figure, read back from the store (the figure as the document prints it)."""
    con = connect_readonly(store_path)

    def _printed(metric: str, year: int, *, source_prefix: str, month: int | None = None, scope: str = "全国") -> str:
        sql = """SELECT printed FROM facts_browser WHERE starts_with(source, ?) AND metric = ? AND fiscal_year = ?
                 AND scope = ? AND kind = '実績' AND month IS NOT DISTINCT FROM ? ORDER BY basis LIMIT 1"""
        return con.execute(sql, [source_prefix, metric, year, scope, month]).fetchone()[0]

    yield _printed
    con.close()


def _number(text: str) -> str:
    return re.search(r"\d[\d,]*(?:\.\d+)?", text)[0]


def test_figures_are_in_the_units_and_precision_their_document_prints(open_page, printed):
    """A sample per document: the table shows the printed number (scale and decimals), with the
    printed unit; the chart's values are the same numbers."""
    # 003: members in 千人 (printed 39,559), monthly new members in 万人 with one decimal (144.2)
    at = open_page("national", view="推移", metric="加入者数")
    table = at.dataframe[0].value
    row = table[table["年度"] == "令和5年度"].iloc[0]
    assert f"{row['値']:,.0f}" == _number(printed("加入者数", 2023, source_prefix="003")) and row["単位"] == "千人"
    at = open_page("national", view="月別の加入・喪失")
    table = at.dataframe[0].value
    row = table[(table["指標"] == "新規加入者数") & (table["月"] == "4月")].iloc[0]
    assert f"{row['値']:.1f}" == _number(printed("新規加入者数", 2023, source_prefix="003", month=4))
    assert row["単位"] == "万人"
    # 000: 協会けんぽ members printed 4,037万人
    at = open_page("insurers", view="加入者数")
    table = at.dataframe[0].value
    members = table.loc[table["保険者種別"] == "協会けんぽ", "加入者数（万人）"].iloc[0]
    assert f"{members:,.0f}" == _number(printed("加入者数", 2021, source_prefix="000", scope="協会けんぽ"))
    # 002: 群馬 郵送化率 令和6年度 4月, printed with one decimal
    at = open_page("branch_monthly", branch="群馬", metric="郵送化率", basis="単月")
    table = at.dataframe[0].value
    row = table[(table["年度"] == "令和6年度") & (table["月"] == "4月")].iloc[0]
    assert f"{row['値']:.1f}" == _number(printed("郵送化率", 2024, source_prefix="002", month=4, scope="群馬"))
    # 003: the KPI target printed 0.337 (not rounded to 0.34)
    at = open_page("national", view="KPI")
    cells = _chart_rows(charts(at)[0])
    assert any("0.337%" in r["cell_text"] for r in cells)
    # 004: 三重 生活習慣病予防健診実施率 令和6年度 (to October) as printed, a part year drawn apart
    at = open_page("branch_vs_national", branch="三重", metric="生活習慣病予防健診実施率")
    rows = [r for r in _chart_rows(charts(at)[0]) if r.get("series") == "三重 実績"]
    partial = [r for r in rows if r.get("partial")]
    assert [r["value_text"] for r in partial] == ["29.3"] and "10月まで" in partial[0]["period"]
    # データ: each figure in its own printed scale (004 prints 4,657千円; 003 prints 約135万事業所)
    at = open_page("data", source="三重支部 令和7年度 事業計画 関係資料")
    table = at.dataframe[0].value
    row = table[table["指標"] == "医療費適正化対策 予算額（見込み）"].iloc[0]
    assert (row["値"], row["単位"], row["資料上の表記"]) == (4657, "千円", "4,657千円")
    # 001: 宣言1 令和2年度 1,024市町村
    at = open_page("declarations")
    outcomes = at.dataframe[0].value
    assert outcomes.loc[outcomes["判定した指標"] == "宣言1", "令和2年度（2020）の結果"].iloc[0] == "1,024市町村"


@pytest.mark.parametrize(("slug", "params"), VIEWS, ids=[f"{s}-{'-'.join(p.values())}" for s, p in VIEWS])
def test_years_read_in_one_era_style(open_page, slug, params):
    """Every year on screen reads 令和5年度 (with the Western year in brackets where there is room):
    table 年度 columns, chart year axes and tooltips; no bare Western year as a fiscal year."""
    at = open_page(slug, **params)
    for frame in (d.value for d in at.dataframe):
        for column in [c for c in frame.columns if c == "年度" or c.endswith("年度") and "の" not in c]:
            values = [v for v in frame[column].dropna() if v not in ("", "—")]
            assert all(ERA_YEAR.match(str(v)) for v in values), (slug, params, column, values[:3])
    for chart in charts(at):
        for row in _chart_rows(chart):
            for key in ("year_label", "fiscal_year_label"):
                if key in row and str(row[key]).endswith("年度"):
                    assert ERA_YEAR.match(str(row[key])), (slug, params, key, row[key])
    # (a document's own heading or a survey's name is quoted as printed, in 「」 or 『』)
    texts = [re.sub(r"「[^」]*」|『[^』]*』", "", e.value) for e in [*at.markdown, *at.caption, *at.subheader]]
    assert not [t for t in texts if re.search(r"(?<![\d（(〜~～])(19|20)\d\d年度", t)], (slug, params)
