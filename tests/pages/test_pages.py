"""Every page under AppTest: default view, a changed filter, a deep link, an invalid parameter,
presenter mode, and the CSV download (BOM, Japanese headers, the source column, as many rows as shown)."""

from __future__ import annotations

import json
import re

import pandas as pd
import pyarrow as pa
import pytest

from kenpo import navigation
from kenpo.downloads import cp932_safe
from tests.pages import widgets
from tests.pages.conftest import assert_clean, charts, download_bytes, download_frame, page_title, table_downloads
from tests.pages.walk import params_of


def chart_spec(at, index: int = 0) -> dict:
    return json.loads(charts(at)[index].proto.spec)


def chart_data(at, index: int = 0) -> pd.DataFrame:
    """Every row the index-th chart draws (all its datasets, concatenated)."""
    frames = [pa.ipc.open_stream(d.data.data).read_all().to_pandas() for d in charts(at)[index].proto.datasets]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


SLUGS = navigation.slugs()  # the pages app.py registers


# -- default view -----------------------------------------------------------------------------
@pytest.mark.parametrize("slug", SLUGS)
def test_default_view_renders_without_error(open_page, slug):
    at = open_page(slug)
    assert_clean(at)
    assert page_title(at)
    if slug == "home":
        assert len(at.metric) >= 8  # 4 national headlines, 3 KPI verdicts, declarations met
    elif slug == "data":
        assert at.dataframe and len(at.dataframe[0].value) > 1500
    else:
        assert charts(at), f"{slug}: no chart"


def test_home_headlines_show_printed_figures(open_page):
    at = open_page("home")
    metrics = {m.label: m for m in at.metric}
    assert metrics["加入者数（令和5年度末）"].value == "39,559千人"  # 003: 令和5年度 加入者数 39,559千人
    assert metrics["加入者数（令和5年度末）"].proto.delta == "+0.3%（前年度比）"
    assert metrics["適用事業所数（令和5年度末）"].value == "2,666千カ所"  # 003: 2,666千カ所
    assert metrics["加入者1人当たりの医療費総額（令和5年度）"].value == "210,287円"  # 003: a year's flow, no 末
    assert (
        metrics["達成"].value == "7項目"
        and metrics["概ね達成"].value == "3項目"
        and metrics["未達成"].value == "10項目"
    )
    assert metrics["令和2年度（2020）に目標を達成した宣言"].value == "5 / 8宣言"


# -- filters in the URL: changed filter, deep link, invalid parameter ------------------------------
def test_branch_monthly_deep_link_and_filter_change(open_page):
    at = open_page("branch_monthly", branch="群馬", metric="郵送化率", basis="単月")
    assert_clean(at)
    assert widgets.single(at, "metric").value == "郵送化率"
    assert params_of(at)["metric"] == "郵送化率"
    table = at.dataframe[0].value
    assert len(at.dataframe) == 1  # the year figures stand in the same table, one download for both
    months = table[table["月"] != "年度"]
    assert len(months) == 24 and set(months["年度"]) == {"令和5年度", "令和6年度"}
    # each year's months, then the figures 002 prints for that year: 計欄 95.0 / 94.3, KPI 95.0, 27位
    assert table["月"].tolist()[:13] == [f"{m}月" for m in (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)] + ["年度"]
    year_rows = table[table["月"] == "年度"]
    assert list(zip(year_rows["年度"], year_rows["種別"], year_rows["値"], year_rows["単位"])) == [
        ("令和5年度", "実績", 95.0, "%"),
        ("令和6年度", "実績", 94.3, "%"),
        ("令和6年度", "目標", 95.0, "%"),
        ("令和6年度", "順位", 27.0, "位"),
    ]
    assert year_rows["前年差"].isna().all()  # nothing derived for a printed year figure
    assert any("資料に印字された年度の値" in m.value for m in at.markdown)
    april_2024 = table[(table["年度"] == "令和6年度") & (table["月"] == "4月")].iloc[0]
    assert april_2024["値"] == 93.5 and april_2024["前年度同月"] == 94.6  # 002: 郵送化率 R6 4月 93.5%, R5 4月 94.6%
    assert abs(april_2024["前年差"] - (-1.1)) < 1e-9
    # the answer to "above last year in each month of 令和6年度?"
    assert any("2 / 12か月**（9月・12月）" in m.value for m in at.markdown)  # 9月 95.1>94.4, 12月 94.8>94.5

    widgets.single(at, "basis").set_value("単月")
    widgets.single(at, "metric").set_value("窓口件数").run()
    assert_clean(at)
    assert params_of(at)["metric"] == "窓口件数"
    assert at.dataframe[0].value["値"].iloc[0] == 423  # 002: 窓口件数 令和5年度 4月 423


def test_years_filter_limits_rows(open_page):
    at = open_page("branch_monthly", branch="群馬", metric="郵送化率", basis="単月", years="2024")
    assert_clean(at)
    table = at.dataframe[0].value
    assert set(table["年度"]) == {"令和6年度"}  # its months and its printed 実績, 目標 and 順位
    assert (table["月"] == "年度").sum() == 3 and len(table) == 15
    _, csv = download_frame(at)
    assert len(csv) == 15 and (csv["行の種類"] == "年度").sum() == 3


@pytest.mark.parametrize(
    "slug,params,key",
    [
        ("branch_monthly", {"branch": "群馬", "metric": "存在しない指標"}, "metric"),
        ("branch_monthly", {"branch": "大阪"}, "branch"),
        ("branch_vs_national", {"branch": "三重", "metric": "<script>"}, "metric"),
        ("national", {"view": "年表"}, "view"),
        ("declarations", {"declaration": "宣言9"}, "declaration"),
        ("insurers", {"view": "x"}, "view"),
        ("data", {"year": "abc"}, "year"),
        ("home", {"present": "maybe"}, "present"),
    ],
)
def test_invalid_parameter_falls_back_with_notice(open_page, slug, params, key):
    at = open_page(slug, **params)
    assert_clean(at)
    notices = [w.value for w in at.warning]
    assert any(f"「`{key}=" in n and "既定" in n for n in notices), notices


def test_branch_vs_national_deep_link(open_page):
    at = open_page("branch_vs_national", branch="三重", view="指標別", metric="特定保健指導実施率（被保険者）")
    assert_clean(at)
    table = at.dataframe[0].value
    r5 = table[table["年度"] == "令和5年度"].iloc[0]
    # 004 特定保健指導実施率（被保険者）, 令和5年度: 三重実績 17.7%, 三重KPI 37.3%, 全国実績 19.8%
    assert (r5["支部実績"], r5["支部目標（KPI）"], r5["全国実績"]) == (17.7, 37.3, 19.8)
    assert abs(r5["全国との差"] - (-2.1)) < 1e-9 and r5["全国と比べて"] == "下回る"
    r6 = table[table["年度"] == "令和6年度"].iloc[0]
    assert r6["実績の期間"].endswith("（年度途中）")  # 令和6年度 is printed to 10月
    assert r5["目標の達成"] == "未達成"
    assert charts(at)


def test_branch_kpi_matrix(open_page):
    at = open_page("branch_vs_national", branch="三重", view="KPI一覧")
    assert_clean(at)
    table = at.dataframe[0].value
    assert {"指標", "年度", "支部実績", "支部目標（KPI）", "目標の達成", "出典"} <= set(table.columns)
    assert len(table) > 20
    _, csv = download_frame(at)
    # one figure a row: each metric and year's actual, then its target, national actual and rank (三重 prints none)
    assert len(csv) >= len(table) and set(csv["種別"]) >= {"実績", "目標"}


def test_national_views(open_page):
    for view, rows in [("推移", 10), ("月別の加入・喪失", 24), ("KPI", 22), ("健診等", 12)]:
        at = open_page("national", view=view)
        assert_clean(at)
        assert charts(at), view
        assert len(at.dataframe[0].value) == rows, view


def test_declarations_outcomes_and_revised_target(open_page):
    at = open_page("declarations", declaration="宣言2")
    assert_clean(at)
    outcomes = at.dataframe[0].value
    met = dict(zip(outcomes["判定した指標"], outcomes["最終年度に達成"]))
    assert met["宣言1"] == "達成" and met["宣言2（市町村）"] == "未達成" and met["宣言6 達成率"] == "未達成"
    assert len(charts(at)) == 2  # 市町村 and 広域連合, each with its own unit
    detail = at.dataframe[1].value
    r2019 = detail[(detail["指標"] == "宣言2（市町村）") & (detail["年度"] == "令和元年度")].iloc[0]
    assert r2019["その年の目標"] == 1500 and r2019["目標の適用開始年度"] == "令和元年度"  # 001: 800→1500 from 2019


def test_insurer_views(open_page):
    for view in ["加入者数", "保険者数", "事業所規模", "全数調査の回答"]:
        at = open_page("insurers", view=view)
        assert_clean(at)
        assert charts(at), view
    at = open_page("insurers", view="事業所規模")
    assert any("印字がありません" in c.value for c in at.caption)  # 100～999人 and 1000人以上


def test_data_page_filters_cascade(open_page):
    at = open_page("data", source="健康なまち・職場づくり宣言2020 達成状況", metric="宣言1")
    assert_clean(at)
    table = at.dataframe[0].value
    assert set(table["出典"]) == {"健康なまち・職場づくり宣言2020 達成状況"} and set(table["指標"]) == {"宣言1"}
    assert "出典箇所" in table.columns and "資料上の表記" in table.columns


# -- presenter mode -----------------------------------------------------------------------------
@pytest.mark.parametrize("slug", ["branch_monthly", "branch_vs_national", "national", "declarations", "insurers"])
def test_presenter_mode_shows_only_title_chart_source(open_page, slug):
    at = open_page(slug, present=1)
    assert_clean(at)
    assert charts(at)
    assert not at.dataframe, "tables are hidden in presenter mode"
    assert not at.get("download_button")
    assert any(c.value.startswith("出典:") for c in at.caption)


# -- CSV downloads -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "slug,params",
    [
        ("branch_monthly", {"branch": "群馬", "metric": "郵送化率", "basis": "単月"}),
        ("branch_vs_national", {"branch": "三重", "metric": "保険証回収率"}),
        ("national", {"view": "推移", "metric": "被保険者数"}),
        ("declarations", {"declaration": "宣言5"}),
        ("insurers", {"view": "全数調査の回答"}),
        ("data", {"source": "004_d6ee1ea992777844.txt"}),
    ],
)
def test_csv_download_is_what_is_shown(open_page, slug, params):
    at = open_page(slug, **params)
    assert_clean(at)
    shown = at.dataframe[-1].value if slug == "declarations" else at.dataframe[0].value
    index = len(table_downloads(at)) - 3 if slug == "declarations" else 0
    raw, csv = download_frame(at, index)
    assert raw.startswith("\ufeff".encode()), "Excel needs the BOM"
    assert len(csv) >= len(shown)  # the long form of the table: one figure a row (tests/pages/test_exports.py)
    assert "出典" in csv.columns
    assert all(any("\u3040" <= ch <= "\u9fff" for ch in c) for c in csv.columns), csv.columns.tolist()
    plain = download_bytes(at, index + 1)
    assert not plain.startswith("\ufeff".encode()) and cp932_safe(plain.decode("utf-8")) == raw.decode("utf-8-sig")
    label = table_downloads(at)[index].proto.label
    assert f"{len(csv)}行" in label
    assert table_downloads(at)[index + 2].proto.label.startswith("Excelブック")


# -- a missing store ----------------------------------------------------------------------------
def test_missing_store_explains_how_to_rebuild(open_page, monkeypatch, tmp_path):
    monkeypatch.setenv("KENPO_DB", str(tmp_path / "nothing.duckdb"))
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert at.error and "データストアが見つかりません" in at.error[0].value
    assert any("python -m kenpo build" in c.value for c in at.code)


def test_corrupt_store_explains_how_to_rebuild(monkeypatch, tmp_path):
    bad = tmp_path / "bad.duckdb"
    bad.write_bytes(b"not a duckdb file" * 100)
    monkeypatch.setenv("KENPO_DB", str(bad))
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/national.py")
    at.run()
    assert not at.exception
    assert at.error and "データストアを開けません" in at.error[0].value


PAGES_WITH_PARAMS = [
    ("home", {}),
    ("insurers", {}),
    ("declarations", {}),
    ("national", {}),
    ("national", {"view": "KPI"}),
    ("branch_monthly", {}),
    ("branch_vs_national", {}),
    ("branch_vs_national", {"view": "KPI一覧"}),
    ("data", {}),
]


BLOCK = 262_144  # DuckDB's storage block; the file has a 12 KiB header before the first one


@pytest.fixture(scope="module")
def garbled_store(tmp_path_factory):
    """A real store with every data block after the first overwritten: the catalogue may or may
    not still read, so a page fails either when it opens the store or when it reads a table."""
    from kenpo.build.store import build

    path = tmp_path_factory.mktemp("garbled") / "kenpo.duckdb"
    build(path)
    size = path.stat().st_size
    with path.open("r+b") as f:
        offset = 12_288 + BLOCK
        while offset < size:
            f.seek(offset)
            f.write(b"\xa5" * min(BLOCK, size - offset))
            offset += BLOCK
    return path


def _run_page(path, monkeypatch, slug, params):
    from tests.pages.conftest import new_session

    monkeypatch.setenv("KENPO_DB", str(path))
    return new_session(slug, params)


@pytest.mark.parametrize("slug, params", PAGES_WITH_PARAMS)
def test_garbled_store_explains_how_to_rebuild_on_every_page(garbled_store, monkeypatch, slug, params):
    at = _run_page(garbled_store, monkeypatch, slug, params)
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("データストアを読めません" in e or "データストアを開けません" in e for e in errors), errors
    assert any("KENPO_DB=" in c.value and "python -m kenpo build" in c.value for c in at.code)


def test_store_cut_short_stops_the_page_under_its_title_with_the_rebuild_command(monkeypatch, tmp_path):
    """The catalogue and store_meta read, but the tail of a store cut short (an interrupted copy,
    a full disk) is missing: found when the store is opened (it is read through once), and the
    message stands under the page's title."""
    from kenpo.build.store import build

    path = tmp_path / "kenpo.duckdb"
    build(path)
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size - BLOCK)
    at = _run_page(path, monkeypatch, "branch_monthly", {})
    assert not at.exception, at.exception
    assert page_title(at) == "支部 月次"
    assert at.error and "データストアを開けません" in at.error[0].value
    assert not at.get("vega_lite_chart")


def _altered_store(tmp_path, sql: str):
    """A store built from data/ and then altered by ``sql`` (as an older build would differ)."""
    import duckdb

    from kenpo.build.store import build

    path = tmp_path / "old.duckdb"
    build(path)
    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()
    return path


def test_a_store_from_an_older_sql_is_refused_with_the_rebuild_command(monkeypatch, tmp_path):
    """A store built before a view was added (e.g. after a pull) names what is missing."""
    at = _run_page(_altered_store(tmp_path, "DROP TABLE facts_browser"), monkeypatch, "data", {})
    assert not at.exception
    assert at.error and "古い形式" in at.error[0].value and "facts_browser" in at.error[0].value


def test_data_page_limits_rows_and_says_so(store_path, monkeypatch):
    """At national scale the data page shows at most ROW_LIMIT rows, with a notice and the true count."""
    monkeypatch.setenv("KENPO_DB", str(store_path))
    from kenpo import queries

    assert queries.facts_count() == 1962
    assert len(queries.facts(limit=25)) == 25
    assert (
        queries.facts_count(source="000_ea8c514f59c29b9d.txt")
        == len(queries.facts(source="000_ea8c514f59c29b9d.txt"))
        == 64
    )
    # the page's notice appears when the count exceeds what is shown
    from streamlit.testing.v1 import AppTest

    from tests.pages.conftest import APP

    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/data.py")
    at.run()
    assert not at.warning and any("1,962件" in m.value for m in at.markdown)

    monkeypatch.setattr(queries, "DATA_PAGE_ROW_LIMIT", 100)
    at.run()
    assert any("1,962件のうち先頭100件" in w.value for w in at.warning)
    assert len(at.dataframe[0].value) == 100
    assert "100行" in table_downloads(at)[0].proto.label


@pytest.mark.parametrize(
    "slug,key,value,check",
    [
        ("insurers", "view", "全数調査の回答", lambda at: "回答率（%）" in at.dataframe[0].value.columns),
        ("declarations", "declaration", "宣言4", lambda at: set(at.dataframe[1].value["指標"]) == {"宣言4"}),
        ("national", "view", "健診等", lambda at: len(at.dataframe[0].value) == 12),
        ("branch_vs_national", "metric", "保険証回収率", lambda at: at.dataframe[0].value["単位"].iloc[0] == "%"),
        (
            "data",
            "source",
            "健康なまち・職場づくり宣言2020 達成状況",
            lambda at: set(at.dataframe[0].value["出典"]) == {"健康なまち・職場づくり宣言2020 達成状況"},
        ),
    ],
)
def test_changed_filter_updates_view_and_url(open_page, slug, key, value, check):
    at = open_page(slug, **({"branch": "三重"} if slug == "branch_vs_national" else {}))
    assert_clean(at)
    widgets.single(at, key).set_value(value).run()
    assert_clean(at)
    assert params_of(at)[key] == value
    assert check(at)


def test_presenter_toggle_sets_the_url(open_page):
    at = open_page("home")
    at.toggle(key="present").set_value(True).run()
    assert_clean(at)
    assert params_of(at)["present"] == "true"
    assert not any(p.proto.label.startswith("群馬の郵送化率") for p in at.get("page_link"))  # the questions are hidden


# -- UX review fixes ------------------------------------------------------------------------------
def test_branch_monthly_mie_opens_on_a_series_with_figures(open_page):
    """D1: 三重's first monthly metric was a placeholder (表② printed as an image only, value NULL):
    the page opened on an empty chart. Metrics without a figure are not offered."""
    at = open_page("branch_monthly", branch="三重")
    assert_clean(at)
    options = widgets.single(at, "metric").options
    assert not any(o.startswith("表②") for o in options), options
    data = chart_data(at)
    assert len(data) and data["value"].notna().all()


def test_branch_monthly_placeholder_metric_deep_link_gets_a_notice(open_page):
    at = open_page("branch_monthly", branch="三重", metric="表②：金額階層別、多言語リーフレット送付有無による収納割合")
    assert_clean(at)
    assert any("「`metric=" in w.value for w in at.warning)
    assert chart_data(at)["value"].notna().all()


@pytest.mark.parametrize(
    "params,labels",
    [
        # 004 表①: 上期 (4月～9月) figures, one per year
        (
            {"branch": "三重", "metric": "回収率（外国人）", "basis": "累計"},
            {"令和4年度（4〜9月累計）": 39.6, "令和5年度（4〜9月累計）": 39.1, "令和6年度（4〜9月累計）": 38.0},
        ),
        # 002 外傷点検再審査等結果(第三四半期): 4月～12月
        (
            {"branch": "群馬", "metric": "外傷点検再審査等結果 金額"},
            {"令和5年度（4〜12月累計）": 95442769.0, "令和6年度（4〜12月累計）": 137818515.0},
        ),
    ],
)
def test_branch_monthly_once_a_year_figures_are_bars_by_year(open_page, params, labels):
    """D9: a half-year or quarter 累計 was one dot on an April→March axis, subtitled 「1か月分」."""
    at = open_page("branch_monthly", **params)
    assert_clean(at)
    spec = chart_spec(at)
    assert spec["layer"][0]["mark"]["type"] == "bar"
    assert "か月分" not in json.dumps(spec, ensure_ascii=False)
    data = chart_data(at).drop_duplicates("label")
    assert dict(zip(data["label"], data["value"])) == labels
    assert not any("前年度の同じ月より" in m.value for m in at.markdown)


def test_branch_monthly_partial_year_counted_in_months_covered(open_page):
    """群馬 保険証回収率 累計 令和6年度 is printed to 11月: April..November, not '8か月分' of points."""
    at = open_page("branch_monthly", branch="群馬", metric="保険証回収率", basis="累計")
    assert_clean(at)
    subtitle = chart_spec(at)["title"]["subtitle"]
    assert "令和6年度（4〜11月累計）" in subtitle, subtitle


def test_branch_monthly_printed_year_on_year_difference_is_labelled(open_page):
    """002 prints 「前年度比 270件」 = 2,590 − 2,320: a printed difference, shown as such (not derived)."""
    at = open_page("branch_monthly", branch="群馬", metric="外傷点検再審査等結果 件数 前年度比")
    assert_clean(at)
    picker = widgets.single(at, "metric")
    assert picker.format_func(picker.value) == "外傷点検再審査等結果 件数 前年度比（資料に印字された前年度との差）"
    assert "資料に印字された前年度との差" in chart_spec(at)["title"]["text"]
    assert chart_data(at)["value"].tolist() == [270.0]


def test_gunma_kpi_matrix_no_null_cells_no_verdict_on_a_plan_goal(open_page):
    """D2: cells printed 'null'; 000's 重症高血圧 baseline (1.9% / 0.7%, set in 令和3年度 for convenience)
    was judged 未達成 against the plan-period goal (1.71% / 0.63%); the header 令和6年度* claimed the
    whole year partial although only 保険証回収率 (to 11月) is."""
    at = open_page("branch_vs_national", branch="群馬", view="KPI一覧")
    assert_clean(at)
    cells = chart_data(at).drop_duplicates(["metric", "fiscal_year"]).set_index(["metric", "fiscal_year"])
    assert cells["cell_text"].map(lambda t: isinstance(t, str) and t != "" and "null" not in t).all()
    assert cells.loc[("重症高血圧の割合 低下率", 2021), "cell_text"] == "—"
    assert cells.loc[("サービススタンダードの標準期間", 2024), "cell_text"] == "—"
    for metric, baseline in [("重症高血圧の割合（男性）", "1.9%"), ("重症高血圧の割合（女性）", "0.7%")]:
        assert cells.loc[(metric, 2021), "verdict"] == "判定なし"
        assert cells.loc[(metric, 2021), "cell_text"] == f"{baseline}（基準値）"
    assert not any(label.endswith("*") for label in cells["year_label"])
    partial = cells[cells["verdict"] == "年度途中"]
    assert list(partial.index) == [("保険証回収率", 2024)] and partial["cell_text"].iloc[0] == "83.62%*"
    assert cells.loc[("郵送化率", 2024), "verdict"] == "未達成"  # full-year cells stay judged
    table = at.dataframe[0].value.set_index(["指標", "年度"])
    assert table.loc[("重症高血圧の割合（男性）", "令和3年度"), "目標の達成"] == "判定なし（計画期間の目標）"
    assert table.loc[("重症高血圧の割合（男性）", "令和3年度"), "支部実績"] == 1.9  # the data is unchanged
    assert any("計画期間の目標" in c.value for c in at.caption)


@pytest.mark.parametrize("branch", ["群馬", "三重"])
def test_count_kpi_leaves_the_national_total_out_of_the_chart(open_page, branch):
    """D7: 健康宣言事業所数: the 協会 total (81,526 / 94,740 事業所) on the branch's axis (≈1,500)
    flattened the branch to 0. The total stays in the table; the subtitle says why it is not drawn."""
    at = open_page("branch_vs_national", branch=branch, view="指標別", metric="健康宣言事業所数")
    assert_clean(at)
    data = chart_data(at)
    assert not any(s.startswith("全国") for s in data["series"]), set(data["series"])
    assert data["value"].max() < 5000
    assert "全国は協会全体の総数" in chart_spec(at)["title"]["subtitle"]
    assert at.dataframe[0].value["全国実績"].notna().any()


def test_rate_kpi_keeps_the_national_line(open_page):
    at = open_page("branch_vs_national", branch="三重", view="指標別", metric="特定保健指導実施率（被保険者）")
    assert_clean(at)
    assert "全国 実績" in set(chart_data(at)["series"])


@pytest.mark.parametrize("present", [False, True])
@pytest.mark.parametrize(
    "declaration,rates",
    [
        # 001: 「宣言6、8の％は達成率」, printed beside the 2020 column
        (
            "宣言6",
            {
                "協会けんぽ": 100.0,
                "市町村国保": 83.8,
                "広域連合": 68.1,
                "健保組合": 51.4,
                "共済組合": 50.6,
                "国保組合": 34.2,
            },
        ),
        (
            "宣言8",
            {
                "協会けんぽ": 100.0,
                "共済組合": 58.8,
                "広域連合": 48.9,
                "市町村国保": 33.1,
                "健保組合": 20.2,
                "国保組合": 17.4,
            },
        ),
    ],
)
def test_declaration_insurer_types_show_2020_rates_as_labelled_bars(open_page, declaration, rates, present):
    """D5: six unlabelled lines, four flat near zero; the rates only deep in the table (hidden when
    presenting). Now: the 2020 達成率 as bars from zero, each type named with its 2020 count."""
    at = open_page("declarations", declaration=declaration, view="保険者種別", **({"present": 1} if present else {}))
    assert_clean(at)
    spec = chart_spec(at, 0)
    assert spec["layer"][0]["mark"]["type"] == "bar" and "達成率（令和2年度）" in spec["title"]["text"]
    assert (
        spec["layer"][0]["encoding"]["x"]["scale"]["zero"] is True and spec["layer"][0]["encoding"]["x"]["title"] == "%"
    )
    data = chart_data(at, 0).drop_duplicates("label")
    assert dict(zip(data["label"].str.split("（").str[0], data["value"])) == rates
    assert list(data["value"]) == sorted(data["value"], reverse=True)
    assert "市町村国保（1,438保険者）" in set(data["label"]) or declaration == "宣言8"
    # the counts, every type on its own labelled row, one bar per year
    counts = chart_data(at, 1)
    years = {"平成28年度", "平成29年度", "平成30年度", "令和元年度", "令和2年度"}  # 2016–2020
    assert set(counts["scope"]) == set(rates) and set(counts["year_label"]) == years


def test_branch_switch_that_cannot_keep_the_metric_says_so(open_page):
    """D6: 三重「特定保健指導実施率（被保険者）」 is 群馬「被保険者の特定保健指導の実施率」: switching
    branch fell back to another metric silently. The names stay as printed; the switch says what happened."""
    at = open_page("branch_vs_national", branch="三重", view="指標別", metric="特定保健指導実施率（被保険者）")
    assert_clean(at)
    assert not at.warning
    widgets.single(at, "branch").set_value("群馬").run()
    assert_clean(at)
    notices = [w.value for w in at.warning]
    assert any("特定保健指導実施率（被保険者）" in n and "群馬支部の資料にない" in n for n in notices), notices
    shown = widgets.single(at, "metric").value  # the metric's name, with its aliases if it has any
    named = [m.group(1) for n in notices if (m := re.search(r"既定の「(.+?)」を表示", n))]
    assert named and (shown == named[0] or shown.startswith(named[0] + "（")), (shown, notices)
    at.run()  # the next rerun on the same branch is quiet
    assert not at.warning


def test_branch_switch_keeps_a_metric_both_branches_print(open_page):
    at = open_page("branch_vs_national", branch="三重", view="指標別", metric="保険証回収率")
    widgets.single(at, "branch").set_value("群馬").run()
    assert_clean(at)
    assert widgets.single(at, "metric").value == "保険証回収率" and not at.warning


@pytest.mark.parametrize(
    "alteration",
    [
        "UPDATE store_meta SET sql_version = 'older'",
        "ALTER TABLE store_meta DROP COLUMN sql_version",  # built before the digest was recorded
    ],
)
def test_a_store_built_from_other_sql_is_refused_with_the_rebuild_command(monkeypatch, tmp_path, alteration):
    """A view that changed its columns since the store was built (a pull of new sql/) would fail
    mid-page with a database error; the store records the SQL it was built from and is refused."""
    at = _run_page(_altered_store(tmp_path, alteration), monkeypatch, "data", {})
    assert not at.exception
    assert at.error and "異なる定義" in at.error[0].value and "kenpo build" in at.code[0].value
