"""Intermediate marts (``-- intermediate:``, kenpo.sql_files.INTERMEDIATE) are read only by another
mart at build time, never by a page: the benchmark reports their latency without a target on that
ground, so a query function that starts reading one must fail here."""

from __future__ import annotations

import re

from kenpo.paths import ROOT
from kenpo.sql_files import intermediate_names, relation_names, sql_files

QUERIES = (ROOT / "kenpo" / "queries.py").read_text(encoding="utf-8")


def test_the_intermediate_marts_are_the_reconciliation_checks_inputs():
    assert set(intermediate_names()) == {
        "check_facts",
        "reconciliation_rules",
        "check_inputs_declared",
        "check_inputs_year_totals",
        "check_inputs_running_stocks",
        "check_inputs_status_counts",
        "reconciliation_notes",
    }


def test_no_query_function_reads_an_intermediate_mart():
    read = [name for name in intermediate_names() if re.search(rf"\b{name}\b", QUERIES)]
    assert not read, f"kenpo/queries.py reads {read}: drop their `-- intermediate:` mark (they then get a target)"


def test_each_intermediate_mart_is_read_by_another_mart():
    marts = sql_files(layers=("marts",))
    for name in intermediate_names():
        readers = [
            p.name
            for p in marts
            if relation_names([p]) != [name] and re.search(rf"\b{name}\b", p.read_text(encoding="utf-8"))
        ]
        assert readers, f"{name} is read by no mart"


def test_the_check_can_fail():
    assert re.search(r"\bcheck_facts\b", "SELECT * FROM check_facts WHERE x")
    assert not re.search(r"\bcheck_facts\b", "SELECT * FROM check_facts_x")
