"""The store's CHECK vocabularies are the contracts' own: read back from the built store's
catalogue (duckdb_constraints()), they equal kenpo.contracts, in the same order."""

from __future__ import annotations

import re

import duckdb
import pytest

from kenpo import contracts as C
from kenpo.sql_files import sql_files

_IN_LIST = re.compile(r"^\(?(\w+) IN \((.*)\)\)?$", re.S)
_LITERAL = re.compile(r"'((?:[^']|'')*)'")


def check_vocabularies(con) -> dict[tuple[str, str], tuple[str, ...]]:
    """{(table, column): the values its CHECK (column IN (...)) allows} for every such constraint."""
    out = {}
    for table, expression in con.execute(
        "SELECT table_name, expression FROM duckdb_constraints() WHERE constraint_type = 'CHECK'"
    ).fetchall():
        m = _IN_LIST.match(expression.strip())
        if m:
            out[(table, m.group(1))] = tuple(v.replace("''", "'") for v in _LITERAL.findall(m.group(2)))
    return out


EXPECTED = {
    ("raw_facts", "kind"): C.KINDS,
    ("raw_facts", "basis"): C.BASES,
    ("raw_facts", "unit"): C.UNITS,
    ("raw_statuses", "status"): C.STATUSES,
    ("raw_metrics", "direction"): C.DIRECTIONS,
    ("raw_metric_aliases", "kind"): C.ALIAS_KINDS,
}


def test_check_vocabularies_equal_the_contracts(con):
    assert check_vocabularies(con) == EXPECTED


def test_a_vocabulary_that_drifts_is_caught():
    """The reading above sees a changed list: a CHECK one unit short differs from C.UNITS."""
    scratch = duckdb.connect()
    try:
        for path in sql_files():
            if path.parent.name == "tables":
                text = path.read_text(encoding="utf-8")
                scratch.execute(text.replace(", 'ポイント'", "") if path.name == "010_raw_facts.sql" else text)
        found = check_vocabularies(scratch)
    finally:
        scratch.close()
    assert found[("raw_facts", "unit")] == C.UNITS[:-1]
    assert found != EXPECTED


@pytest.mark.parametrize("kind, values", [("kind", "見込"), ("basis", "月次"), ("unit", "キロ")])
def test_the_store_refuses_a_value_outside_the_vocabulary(kind, values):
    scratch = duckdb.connect()
    try:
        for path in sql_files():
            if path.parent.name == "tables":
                scratch.execute(path.read_text(encoding="utf-8"))
        row = {"kind": "実績", "basis": "年度", "unit": "人", kind: values}
        with pytest.raises(duckdb.ConstraintException):
            scratch.execute(
                """INSERT INTO raw_facts (source, section, dataset, scope, metric, kind, fiscal_year, basis,
                               unit, data_file, data_line) VALUES ('s', 'x', 'd', '全国', 'm', ?, 2023, ?, ?, 'f.csv', 2)""",
                [row["kind"], row["basis"], row["unit"]],
            )
    finally:
        scratch.close()
