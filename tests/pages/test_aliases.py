"""Finding a metric by any name its document prints for it, under AppTest against the real store:
every alias stands in the option text of the picker that offers its metric, the address keeps the
metric's name, and データ's search 「カバー率」 returns that metric's rows and nothing else."""

from __future__ import annotations

import pandas as pd
import pytest

from kenpo import aliases as A
from kenpo.documents import short_title
from tests.pages import widgets
from tests.pages.conftest import assert_clean, charts, new_session
from tests.pages.walk import params_of

COVER = "健康保険委員が委嘱されている事業所の被保険者数の割合"
GUNMA = "002_3cca3b27335fda2a.txt"


def _aliases(con) -> pd.DataFrame:
    return con.execute("SELECT source, metric, alias, kind FROM metric_aliases").df()


def _shown_in(option: str, alias: str, kind: str) -> bool:
    return A.search_key(A.shown(alias, kind)) in A.search_key(option)


def _option(options: list[str], metric: str, metrics: set[str]) -> str:
    """The option of ``metric``: its name, or its name with its aliases in brackets (not the option
    of a longer name that begins with it: レセプト点検の査定率（支払基金と合算）)."""
    longer = [m for m in metrics if m != metric and m.startswith(metric)]
    return next(
        o
        for o in options
        if (o == metric or o.startswith(metric + "（")) and not any(o == m or o.startswith(m + "（") for m in longer)
    )


def _pickers(con):
    """(page, parameters, source, metric) for every metric a picker offers, with the documents the
    picker's metric comes from: 支部 月次 and 支部 vs 全国 per branch, 全国's 推移."""
    out = []
    for branch, metric, source in con.execute(
        "SELECT DISTINCT branch, metric, source FROM branch_monthly_metrics"
    ).fetchall():
        out.append(("branch_monthly", {"branch": branch}, source, metric))
    for branch, metric, source in con.execute(
        "SELECT DISTINCT branch, metric, source FROM comparison_metrics"
    ).fetchall():
        out.append(("branch_vs_national", {"branch": branch, "view": "指標別"}, source, metric))
    for metric, source in con.execute("SELECT DISTINCT metric, source FROM national_series_metrics").fetchall():
        out.append(("national", {"view": "推移"}, source, metric))
    return out


def test_every_alias_is_in_the_option_text_of_the_picker_that_offers_its_metric(con, open_page):
    aliases = _aliases(con)
    offered = _pickers(con)
    checked = 0
    pages: dict[tuple, list[str]] = {}
    for slug, params, source, metric in offered:
        mine = aliases[(aliases["source"] == source) & (aliases["metric"] == metric)]
        if mine.empty:
            continue
        key = (slug, tuple(sorted(params.items())))
        if key not in pages:
            at = open_page(slug, **params)
            assert_clean(at)
            pages[key] = list(widgets.single(at, "metric").options)
        names = {m for s_, p, _, m in offered if (s_, tuple(sorted(p.items()))) == key}
        option = _option(pages[key], metric, names)
        for alias, kind in zip(mine["alias"], mine["kind"]):
            assert _shown_in(option, alias, kind), (slug, params, option, alias)
            checked += 1
    # the pickers offer 14 aliased metrics of 002 and 004: カバー率 and KPI 1-1 among them
    assert checked >= 15, checked
    # データ: the 指標 picker of one document offers every metric of it with its aliases
    for source in sorted(set(aliases["source"])):
        at = open_page("data", source=short_title(source))
        assert_clean(at)
        options = list(widgets.single(at, "metric").options)
        for metric, alias, kind in aliases.loc[aliases["source"] == source, ["metric", "alias", "kind"]].itertuples(
            index=False
        ):
            option = _option(options, metric, set(aliases.loc[aliases["source"] == source, "metric"]) | {metric})
            assert _shown_in(option, alias, kind), (source, option, alias)


def test_the_cover_rate_option_reads_as_the_document_prints_it(open_page):
    at = open_page("branch_monthly", branch="群馬")
    options = widgets.single(at, "metric").options
    assert f"{COVER}（カバー率・KPI 1-1）" in options
    assert "健康保険委員の委嘱事業所数（KPI 1-2）" in options  # 委嘱事業所数 is in the name: not repeated
    assert "郵送化率" in options  # no alias: the name alone


def test_an_address_with_the_metric_name_alone_opens_the_metric(open_page):
    """The picker is bound by Streamlit, so ?metric= holds the option as shown, aliases included;
    a link with the name alone (written before the aliases) opens the same view without a notice,
    and so does the whole option text."""
    at = open_page("branch_monthly", branch="群馬", metric=COVER)
    assert_clean(at)
    assert not at.warning, [w.value for w in at.warning]
    assert widgets.single(at, "metric").value == f"{COVER}（カバー率・KPI 1-1）"
    spec = charts(at)[0].proto.spec
    assert "カバー率" not in spec and "KPI" not in spec  # the chart title keeps the name alone
    again = new_session("branch_monthly", {**params_of(at), "metric": f"{COVER}（カバー率・KPI 1-1）"})
    assert_clean(again)
    assert not again.warning
    assert widgets.single(again, "metric").value == f"{COVER}（カバー率・KPI 1-1）"


def test_choosing_an_aliased_metric_opens_the_same_view_from_its_address(open_page):
    at = open_page("branch_monthly", branch="群馬")
    first = widgets.single(at, "metric").value
    widgets.single(at, "metric").set_value(f"{COVER}（カバー率・KPI 1-1）").run()
    assert_clean(at)
    # Streamlit's frontend writes a bound parameter (AppTest does not see it): the browser test
    # tests/browser/test_aliases.py reads the address; here the view it opens
    again = new_session("branch_monthly", params_of(at))
    assert_clean(again)
    assert widgets.single(again, "metric").value == f"{COVER}（カバー率・KPI 1-1）"
    widgets.single(at, "metric").set_value(first).run()
    assert_clean(at)


def test_an_unknown_metric_in_the_address_still_gets_its_notice(open_page):
    at = open_page("branch_monthly", branch="群馬", metric="カバー率")  # an alias is not a metric's name
    assert any("「`metric=カバー率`」" in w.value for w in at.warning), [w.value for w in at.warning]


def test_a_branch_switch_keeps_a_metric_its_documents_alias_otherwise(open_page):
    """支部 vs 全国: 群馬 (002) shows the metric as （カバー率・KPI 1-1）, 三重 (004) as （KPI 1): the
    same metric, kept when the branch changes, without a notice."""
    at = open_page("branch_vs_national", branch="群馬", view="指標別", metric=COVER)
    assert_clean(at)
    assert widgets.single(at, "metric").value == f"{COVER}（カバー率・KPI 1-1）"
    widgets.single(at, "branch").set_value("三重").run()
    assert_clean(at)
    assert widgets.single(at, "metric").value == f"{COVER}（KPI 1）"
    assert not at.warning, [w.value for w in at.warning]


def test_a_branch_switch_that_loses_an_aliased_metric_says_so(open_page):
    """群馬's 協会のレセプト点検の査定率 is not a metric of 三重's document (004 prints
    レセプト点検の査定率): the switch falls back to 三重's first metric and says why."""
    at = open_page("branch_vs_national", branch="群馬", view="指標別", metric="協会のレセプト点検の査定率")
    assert_clean(at)
    assert widgets.single(at, "metric").value == "協会のレセプト点検の査定率"  # 査定率 is in the name
    widgets.single(at, "branch").set_value("三重").run()
    assert_clean(at)
    assert any("「協会のレセプト点検の査定率」は三重支部の資料にない" in w.value for w in at.warning), [
        w.value for w in at.warning
    ]


def test_data_search_for_the_cover_rate_returns_its_rows_and_nothing_else(con, open_page):
    at = open_page("data", q="カバー率")
    assert_clean(at)
    table = at.dataframe[0].value
    assert set(table["指標"]) == {COVER}
    # the documents that print カバー率 for it: 002 (表頭) and 003 (本文); 004 prints no カバー率, and an
    # alias is its document's name for the metric, so 004's rows of the same label are not found
    expected = con.execute(
        "SELECT count(*) FROM facts WHERE metric = ? AND source IN (SELECT source FROM metric_aliases "
        "WHERE alias = 'カバー率')",
        [COVER],
    ).fetchone()[0]
    assert len(table) == expected == 12
    assert set(table["出典"]) == {short_title(GUNMA), short_title("003_9fe123e5a1b14397.txt")}
    assert widgets.single(at, "metric").options == ["（すべて）", f"{COVER}（カバー率・KPI 1-1）"]


@pytest.mark.parametrize("text", ["KPI 1-1", "ｋｐｉ１－１", "KPI1-1", "  kpi 1-1 "])
def test_data_search_finds_a_kpi_number_however_it_is_typed(open_page, text):
    at = open_page("data", q=text)
    assert_clean(at)
    metrics = set(at.dataframe[0].value["指標"])
    assert COVER in metrics
    assert metrics <= {COVER, "健康保険委員の委嘱（KPI 1-1・1-2）"}  # 002's status row names KPI 1-1 itself


def test_data_search_without_a_metric_of_that_name_looks_in_sections_and_notes(open_page):
    at = open_page("data", q="不一致")
    assert_clean(at)
    table = at.dataframe[0].value
    assert len(table) > 0 and table["注記"].str.contains("不一致").all()


def test_data_search_with_no_match_says_so(open_page):
    at = open_page("data", q="存在しない言葉xyz")
    assert_clean(at)
    assert not at.dataframe
    assert any("検索に一致する数値がありません" in i.value for i in at.info)
