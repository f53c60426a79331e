"""Every view a user can reach renders: the walk over every page's own choices (tests/pages/walk.py),
and the crashes it found, each pinned by a test named for what it guards."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages import walk, widgets
from tests.pages.conftest import APP, assert_clean, charts

# The views a first walk by hand counted (issue 11); the pages have not shrunk since.
MIN_VIEWS = 673


@pytest.fixture(scope="module")
def walked(store_path):
    """Every page of the navigation walked once, in two processes (one per core)."""
    started = time.perf_counter()
    jobs = [(APP, names, str(store_path)) for names in walk.split(walk.slugs(), 2)]
    with ProcessPoolExecutor(len(jobs), mp_context=multiprocessing.get_context("spawn")) as pool:
        results = [r for batch in pool.map(walk.walk_pages, jobs) for r in batch]
    walk.RESULTS.update({r["slug"]: r for r in results})
    walk.RESULTS["(wall)"] = {"seconds": time.perf_counter() - started}
    return {r["slug"]: r for r in results}


@pytest.mark.parametrize("slug", walk.slugs())
def test_every_reachable_view_renders_and_its_deep_link_gives_the_same_view(walked, slug):
    result = walked[slug]
    assert result["views"] >= 1
    assert not result["failures"], f"{slug}: {len(result['failures'])} failing views, e.g.\n" + "\n".join(
        result["failures"][:10]
    )


def test_the_walk_covers_every_registered_page_and_at_least_the_counted_views(walked):
    assert set(walked) == set(walk.slugs())
    total = sum(r["views"] for r in walked.values())
    assert total >= MIN_VIEWS, f"the walk reached {total} views, fewer than the {MIN_VIEWS} counted by hand"


def test_the_walker_reports_a_deep_link_that_gives_another_view(store_path, monkeypatch):
    """The walk can fail: here every address with view=KPI opens the 推移 view instead."""
    monkeypatch.setenv("KENPO_DB", str(store_path))
    opened = walk.open_page_at(APP)

    def open_at(slug, params):
        return opened(slug, {**params, "view": "推移"} if params.get("view") == "KPI" else params)

    result = walk.Walker(open_at, "national").run()
    assert any("view=KPI: the deep link" in f for f in result.failures), result.failures


def test_the_walker_sees_streamlit_error_box_and_error_elements():
    crashed = AppTest.from_string("raise ValueError('boom')").run()
    assert walk.problems(crashed) and walk.problems(crashed)[0].startswith("exception")
    errored = AppTest.from_string("import streamlit as st\nst.error('x')").run()
    assert walk.problems(errored) == ["error: x"]


# -- the crashes the walk found -----------------------------------------------------------------
def test_branch_monthly_mie_standardised_declaration_count_renders(open_page):
    """支部 三重 → 指標 健康宣言事業所数（標準化対応済）: only one year printed, and no printed year
    figures for the chosen years (TypeError in the table's year rows before)."""
    at = open_page("branch_monthly", branch="三重")
    widgets.single(at, "metric").set_value("健康宣言事業所数（標準化対応済）").run()
    assert_clean(at)
    assert charts(at) and at.dataframe
    linked = open_page("branch_monthly", branch="三重", metric="健康宣言事業所数（標準化対応済）")
    assert_clean(linked)
    assert charts(linked) and linked.dataframe


def test_branch_monthly_one_year_chosen_renders(open_page):
    """支部 群馬, default metric, 年度 narrowed to 令和5年度: the year has no printed year figures."""
    at = open_page("branch_monthly", branch="群馬")
    widgets.multi(at, "years").set_value(["令和5年度"]).run()
    assert_clean(at)
    assert walk.params_of(at)["years"] == ["令和5年度"]
    table = at.dataframe[0].value
    assert set(table["年度"]) == {"令和5年度"} and charts(at)


# -- an emptied choice says so and stays empty --------------------------------------------------
def test_branch_monthly_without_a_year_says_what_to_choose(open_page):
    at = open_page("branch_monthly", branch="群馬")
    widgets.multi(at, "years").set_value([]).run()
    assert_clean(at)
    assert widgets.multi(at, "years").value == []  # not silently back to every year
    assert walk.params_of(at)["years"] == ""
    assert not charts(at) and not at.dataframe
    assert any("年度が選ばれていません" in i.value and "「年度」" in i.value for i in at.info)
    linked = open_page("branch_monthly", **walk.params_of(at))
    assert widgets.multi(linked, "years").value == []
    assert any("年度が選ばれていません" in i.value for i in linked.info)


def test_national_monthly_without_a_metric_says_what_to_choose(open_page):
    at = open_page("national", view="月別の加入・喪失")
    widgets.multi(at, "metrics").set_value([]).run()
    assert_clean(at)
    assert widgets.multi(at, "metrics").value == []
    assert not charts(at)
    assert any("指標が選ばれていません" in i.value and "「指標」" in i.value for i in at.info)
