"""A running dashboard keeps serving the last good store and picks up a rebuilt one at its next
interaction, without a restart; a failed build changes nothing on screen."""

from __future__ import annotations

import csv
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from kenpo.build.store import BuildError, build
from kenpo.paths import DATA_DIR
from tests.pages.conftest import APP, assert_clean

ENROLMENT = "003_national_enrolment.csv"


def _edit_members_2023(data_dir, value: str) -> None:
    """Set 003's 加入者数 (national_enrolment, FY2023) to ``value`` — a new fiscal year's refresh in miniature."""
    path = data_dir / ENROLMENT
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    col = {name: i for i, name in enumerate(header)}
    hits = 0
    for row in rows[1:]:
        if (row[col["dataset"]], row[col["metric"]], row[col["fiscal_year"]]) == (
            "national_enrolment",
            "加入者数",
            "2023",
        ):
            row[col["value"]] = value
            hits += 1
    assert hits == 1
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def _members_2023(at: AppTest) -> float:
    table = at.dataframe[0].value
    return float(table.loc[table["年度"] == "令和5年度", "値"].iloc[0])


@pytest.fixture
def own_store(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    db = tmp_path / "store" / "kenpo.duckdb"
    build(db, data_dir=data)
    monkeypatch.setenv("KENPO_DB", str(db))
    return db, data


def test_rebuilt_store_is_picked_up_at_next_interaction(own_store):
    db, data = own_store
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/national.py")
    at.query_params["view"] = "推移"
    at.query_params["metric"] = "加入者数"
    at.run()
    assert_clean(at)
    assert _members_2023(at) == 39_559  # 003: 令和5年度 加入者数 39,559千人 (the table reads 千人, as printed)

    _edit_members_2023(data, "39600000")
    build(db, data_dir=data)
    at.run()  # the next interaction, same session, no restart
    assert_clean(at)
    assert _members_2023(at) == 39_600


def test_failed_build_keeps_the_previous_data_on_screen(own_store):
    db, data = own_store
    before = db.read_bytes()
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/national.py")
    at.query_params["view"] = "推移"
    at.query_params["metric"] = "加入者数"
    at.run()
    _edit_members_2023(data, "3９,6OO,000")  # a typo: letter O for zero
    with pytest.raises(BuildError) as failed:
        build(db, data_dir=data)
    assert any(str(p).startswith(f"data/{ENROLMENT}:") or ENROLMENT in str(p) for p in failed.value.problems)
    assert db.read_bytes() == before
    at.run()
    assert_clean(at)
    assert _members_2023(at) == 39_559
