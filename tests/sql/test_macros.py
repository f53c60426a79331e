"""The SQL macros are the Python rules: sql/tables/005_macros.sql is what kenpo.build.sql_macros renders
from kenpo.fiscal and kenpo.contracts, and each macro in the built store gives, value by value,
what its Python owner gives."""
from __future__ import annotations

import datetime as dt

import pytest

from kenpo import aliases, fiscal
from kenpo import contracts as C
from kenpo.build import sql_macros


def test_macros_file_is_the_rendering_of_the_python_rules():
    assert sql_macros.MACROS_FILE.read_text(encoding="utf-8") == sql_macros.render(), (
        "sql/tables/005_macros.sql is generated: change kenpo/fiscal.py or kenpo/contracts.py, "
        "then run `python -m kenpo macros`")


def test_the_rendering_follows_the_owner(monkeypatch):
    """A changed rule changes the macros: the file cannot silently keep the old one."""
    before = sql_macros.render()
    monkeypatch.setattr(fiscal, "FIRST_MONTH", 1)
    monkeypatch.setattr(C, "NATIONAL", "全体")
    after = sql_macros.render()
    assert "((m + 11) % 12) + 1" in after and "national_scope() AS '全体'" in after
    assert after != before


def test_fiscal_month_index_and_label(con):
    got = con.execute("SELECT m, fiscal_month_index(m), month_label(m) FROM range(1, 13) t(m) ORDER BY m").fetchall()
    assert got == [(m, fiscal.fiscal_month_index(m), fiscal.month_label(m)) for m in range(1, 13)]
    assert [fiscal.calendar_month(fiscal.fiscal_month_index(m)) for m in range(1, 13)] == list(range(1, 13))


def test_fiscal_year_label_every_year(con):
    got = dict(con.execute("SELECT y, fiscal_year_label(y) FROM range(1926, 2041) t(y)").fetchall())
    assert got == {y: fiscal.fiscal_year_label(y) for y in range(1926, 2041)}
    assert (got[2023], got[2019], got[2018], got[1989]) == ("令和5年度", "令和元年度", "平成30年度", "平成元年度")


def test_fiscal_year_end(con):
    got = dict(con.execute("SELECT y, fiscal_year_end(y) FROM range(1989, 2036) t(y)").fetchall())
    assert got == {y: fiscal.fiscal_year_end(y) for y in range(1989, 2036)}
    assert got[2023] == dt.date(2024, 3, 31)


def test_national_scope(con):
    assert con.execute("SELECT national_scope()").fetchone()[0] == C.NATIONAL == "全国"


@pytest.mark.parametrize("metric, unit", [
    ("郵送化率", "%"), ("平均所要日数", "日"), ("1件当たり査定額", "円"), ("協会の再審査レセプト1件当たりの査定額", "円"),
    ("多・頻/件", "件"), ("多・頻／件", "件"), ("加入者数", "人"), ("健康宣言事業所数", "事業所"), ("超過勤務時間", "分"),
    ("前年比", "倍"), ("比率差", "ポイント"), ("評価点", "点"), ("件数", "件"), ("加入者1人当たりの医療費総額", "円"),
])
def test_rate_like_matches_the_contract(con, metric, unit):
    python = unit in C.RATE_LIKE_UNITS or bool(C.RATE_LIKE_METRIC.search(metric))
    assert con.execute("SELECT is_rate_like(?, ?)", [metric, unit]).fetchone()[0] is python


def test_kpi_verdicts(con):
    for status in C.STATUSES:
        is_verdict, order = con.execute("SELECT is_kpi_verdict(?), kpi_verdict_order(?)", [status, status]).fetchone()
        assert is_verdict is (status in C.KPI_VERDICTS)
        assert order == (C.KPI_VERDICTS.index(status) + 1 if is_verdict else len(C.KPI_VERDICTS) + 1)


def test_fiscal_month_axis_labels():
    """charts' Vega label expression, evaluated for each position, gives the month's label."""
    expr = fiscal.FISCAL_MONTH_LABEL_EXPR
    number, suffix = expr.rsplit(" + ", 1)
    for position in range(1, 13):
        value = eval(number.replace("datum.value", str(position)))
        assert f"{value}{suffix.strip(chr(39))}" == fiscal.fiscal_month_label(position)


def test_era_month_at_the_turn_of_the_era():
    assert fiscal.era_month(dt.date(2019, 4, 30)) == "H31.4"
    assert fiscal.era_month(dt.date(2019, 5, 31)) == "R1.5"
    assert fiscal.era_month(dt.date(2021, 6, 30)) == "R3.6"
    assert fiscal.era_month(dt.date(1989, 1, 7)) == "S64.1"


@pytest.mark.parametrize("metric", ["宣言1", "宣言2（市町村）", "宣言5（健康経営優良認定法人）", "宣言8 達成率", "宣言10",
                                    "加入者数", "健康宣言事業所数", "データヘルス全数調査 回答率", "宣言"])
def test_declaration_of_matches_the_contract(con, metric):
    m = C.DECLARATION.search(metric)
    assert con.execute("SELECT declaration_of(?)", [metric]).fetchone()[0] == (m.group(1) if m else None)


@pytest.mark.parametrize("text", [
    "KPI 1-1", "ＫＰＩ　１－１", "kpi1-1", "【KPI】1-1）全被保険者数", "カバー率", "１）全被保険者数", "Ⅰ）業務改革",
    "①サービススタンダード", "金額/件(円)", "再審査レセプト１件当たり査定額", "ＡｂＣ\tｄ\nE", "97.５%",
])
def test_search_key_is_the_python_rule(con, text):
    """The SQL side of データ's search compares what kenpo.aliases.search_key gives for the page's text."""
    assert con.execute("SELECT search_key(?)", [text]).fetchone()[0] == aliases.search_key(text)


def test_search_key_differs_from_python_only_beyond_one_character_forms(con):
    """NFKC forms of several characters (⑸ -> (5)) are left to Python: a documented difference."""
    assert aliases.search_key("⑸") == "(5)" and con.execute("SELECT search_key('⑸')").fetchone()[0] == "⑸"


@pytest.mark.parametrize("alias, kind", [("1-1", "KPI番号"), ("１", "KPI番号"), ("カバー率", "表頭"), ("査定率", "略称")])
def test_alias_searched_shows_a_kpi_number_as_pickers_do(con, alias, kind):
    sql = con.execute("SELECT search_key(alias_searched(?, ?))", [alias, kind]).fetchone()[0]
    assert sql == aliases.search_key(aliases.shown(alias, kind))
