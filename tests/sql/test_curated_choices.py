"""The views follow the choices curated in data/metrics.csv (headline_order, health_check_table,
plan_goal, kpi_reference), not SQL text or notes: a store built from an altered copy of data/
changes with them, and next year's 事業報告書 added as data alone takes over the headlines and the
health-check table."""
from __future__ import annotations

import csv
import io
import shutil

import pytest

from kenpo.build.store import build
from kenpo.fiscal import fiscal_year_end
from kenpo.paths import DATA_DIR
from kenpo.shaping.home import headline_cards
from kenpo.store_access import connect_readonly

S000 = "000_ea8c514f59c29b9d.txt"
S003 = "003_9fe123e5a1b14397.txt"
NEXT = "005_next_year_report.txt"  # a made-up 令和6年度 事業報告書, in a temporary copy of data/ only


def _metrics(data) -> tuple[list[str], list[dict]]:
    text = (data / "metrics.csv").read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames), list(reader)


def _write_metrics(data, header, rows) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (data / "metrics.csv").write_text(out.getvalue(), encoding="utf-8")


def _store(tmp_path_factory, name, change):
    root = tmp_path_factory.mktemp(name)
    data = root / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    change(data)
    build(root / "kenpo.duckdb", data)
    return connect_readonly(root / "kenpo.duckdb")


def _altered(data):
    header, rows = _metrics(data)
    for r in rows:
        key = (r["source"], r["metric"])
        if key == (S003, "加入者数"):
            r["headline_order"] = ""  # no longer a headline
        elif key == (S003, "適用事業所数"):
            r["headline_order"] = "1"  # now first
            r["direction"] = "higher"  # (a choice made up for the test)
        elif key == (S003, "加入者1人当たりの医療費総額"):
            r["direction"] = "lower"
        elif key == (S003, "被保険者数"):
            r["headline_order"] = "5"
        elif key == (S003, "健康宣言事業所数"):
            r["health_check_table"] = ""
        elif key == (S003, "特定保健指導の実施率（第三期特定健康診査等実施計画）"):
            r["kpi_reference"] = "no"
        elif key[0] == S000 and key[1].startswith("重症高血圧の割合（"):
            r["plan_goal"] = ""
    _write_metrics(data, header, rows)


@pytest.fixture(scope="module")
def altered(tmp_path_factory):
    con = _store(tmp_path_factory, "altered", _altered)
    yield con
    con.close()


def test_headlines_follow_headline_order(con, altered):
    assert con.execute("SELECT metric FROM national_headlines ORDER BY headline_order").fetchall() == [
        ("加入者数",), ("被保険者数",), ("適用事業所数",), ("加入者1人当たりの医療費総額",)]
    assert altered.execute("SELECT metric, headline_order FROM national_headlines ORDER BY headline_order").fetchall() == [
        ("適用事業所数", 1), ("加入者1人当たりの医療費総額", 4), ("被保険者数", 5)]


def _store_file(con) -> str:
    return con.execute("SELECT file FROM pragma_database_list WHERE name = current_database()").fetchone()[0]


def test_headline_change_colours_follow_the_metric_direction(con, altered, monkeypatch):
    """Green for better, red for worse, grey where the catalogue says neither is better (every
    headline of the real catalogue): no metric name in the page's code decides it. (The cards
    name their documents through the app's store, so each store is the app's in turn.)"""
    sql = "SELECT * FROM national_headlines ORDER BY headline_order"
    monkeypatch.setenv("KENPO_DB", _store_file(con))
    colours = {c["label"].split("（")[0]: c["delta_color"] for c in headline_cards(con.execute(sql).df())}
    assert colours == dict.fromkeys(["加入者数", "被保険者数", "適用事業所数", "加入者1人当たりの医療費総額"], "off")
    monkeypatch.setenv("KENPO_DB", _store_file(altered))
    colours = {c["label"].split("（")[0]: c["delta_color"] for c in headline_cards(altered.execute(sql).df())}
    assert colours == {"適用事業所数": "normal", "加入者1人当たりの医療費総額": "inverse", "被保険者数": "off"}


def test_health_check_counts_follow_health_check_table(con, altered):
    assert con.execute("SELECT count(*) FROM health_check_counts").fetchone()[0] == 12
    got = altered.execute("SELECT DISTINCT metric, metric_order FROM health_check_counts ORDER BY metric_order").fetchall()
    assert [m for m, _ in got] == ["生活習慣病予防健診の受診者数", "事業者健診データの取得人数", "被扶養者の特定健診の受診者数",
                                   "被保険者の特定保健指導の実績", "被扶養者の特定保健指導の実績"]
    assert [o for _, o in got] == [1, 2, 3, 4, 5]


def test_kpi_count_follows_kpi_reference(con, altered):
    sql = "SELECT status, counted_items FROM kpi_status_summary ORDER BY verdict_order"
    assert con.execute(sql).fetchall() == [("達成", 7), ("概ね達成", 3), ("未達成", 10)]
    assert altered.execute(sql).fetchall() == [("達成", 7), ("概ね達成", 3), ("未達成", 11)]


def test_plan_goal_follows_the_catalogue_not_the_notes(con, altered):
    sql = """SELECT metric, plan_goal, target_achieved FROM branch_vs_national
             WHERE source = ? AND branch = '群馬' AND metric LIKE '重症高血圧の割合%' ORDER BY metric"""
    assert con.execute(sql, [S000]).fetchall() == [
        ("重症高血圧の割合 低下率", True, None), ("重症高血圧の割合（女性）", True, None), ("重症高血圧の割合（男性）", True, None)]
    # the notes still say 目標年度は印字なし; without the catalogue's yes the goals are judged (lower is better: 0.7 > 0.63)
    assert altered.execute(sql, [S000]).fetchall() == [
        ("重症高血圧の割合 低下率", True, None), ("重症高血圧の割合（女性）", False, False), ("重症高血圧の割合（男性）", False, False)]


# -- next year's report, as data only ----------------------------------------------------------

FACT_HEADER = "source,section,dataset,scope,metric,kind,fiscal_year,month,basis,as_of,value,unit,printed,note"
MEMBERS = {2015 + i: 37_000_000 + 300_000 * i for i in range(10)}  # 2015–2024, 10 years like 003's table
CHECKS = {"生活習慣病予防健診の受診者数": (9_563_937, 9_800_000), "健康宣言事業所数": (94_740, 101_000)}


def _next_year(data):
    with (data / "sources.csv").open("a", encoding="utf-8") as f:
        f.write(f"{NEXT},令和6年度 事業報告書（試験用）,令和6年度 事業報告書（試験用）,全国健康保険協会,2015–2024年度,全国,試験用の架空の資料\n")
    lines = [FACT_HEADER]
    for year, value in MEMBERS.items():
        lines.append(f"{NEXT},推移,national_enrolment,全国,加入者数,実績,{year},,時点,{fiscal_year_end(year)},"
                     f"{value},人,\"{value:,}\",")
    for metric, values in CHECKS.items():
        for year, value in zip((2023, 2024), values):
            lines.append(f"{NEXT},保健事業の実施状況,health_checks,全国,{metric},実績,{year},,年度,,{value},"
                         f"{'事業所' if '事業所' in metric else '人'},\"{value:,}\",")
    lines.append(f"{NEXT},KPI,kpi,全国,健康宣言事業所数,実績,2024,,年度,,101000,事業所,\"101,000\",")
    (data / "005_next.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    header, rows = _metrics(data)
    blank = dict.fromkeys(header, "")
    rows.append({**blank, "source": NEXT, "metric": "加入者数", "direction": "none", "headline_order": "1"})
    for metric in CHECKS:
        rows.append({**blank, "source": NEXT, "metric": metric, "direction": "higher", "health_check_table": "yes"})
    _write_metrics(data, header, rows)


@pytest.fixture(scope="module")
def next_year(tmp_path_factory):
    con = _store(tmp_path_factory, "next_year", _next_year)
    yield con
    con.close()


def test_next_years_report_takes_over_the_headline_it_is_curated_for(next_year):
    rows = {m: (s, y, v, p) for m, s, y, v, p in next_year.execute(
        "SELECT metric, source, fiscal_year, value, prior_value FROM national_headlines").fetchall()}
    assert rows["加入者数"] == (NEXT, 2024, MEMBERS[2024], MEMBERS[2023])
    assert rows["被保険者数"][:2] == (S003, 2023)  # not curated for the new report: stays with 003


def test_next_years_report_takes_over_the_health_check_table(next_year):
    got = next_year.execute("""SELECT source, metric, fiscal_year, fiscal_year_label, value, prior_value FROM health_check_counts
                               ORDER BY metric_order, fiscal_year""").fetchall()
    assert got == [
        (NEXT, "生活習慣病予防健診の受診者数", 2023, "令和5年度", 9_563_937, None),
        (NEXT, "生活習慣病予防健診の受診者数", 2024, "令和6年度", 9_800_000, 9_563_937),
        (NEXT, "健康宣言事業所数", 2023, "令和5年度", 94_740, None),
        (NEXT, "健康宣言事業所数", 2024, "令和6年度", 101_000, 94_740),
    ]
