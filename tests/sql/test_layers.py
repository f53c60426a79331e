"""The SQL is layered as a dbt project: sql/tables (raw tables) → sql/staging (one view per raw
table) → sql/marts (what pages read). Staging reads only raw tables, marts never read a raw table,
and kenpo/queries.py reads marts only and does no analytic work (no join, no aggregate)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kenpo.paths import ROOT
from kenpo.sql_files import LAYERS, MATERIALIZE, relation_names, sql_files

_READS = re.compile(r"(?<!DISTINCT\s)\b(?:FROM|JOIN)\s+(?!LATERAL\b)(\w+)", re.I)
_CTE = re.compile(r"(?:\bWITH|,)\s*(\w+)\s*(?:\([^)]*\))?\s+AS\s*\(", re.I)


def _code(text: str) -> str:
    """SQL without its comments."""
    return re.sub(r"--[^\n]*", "", text)


def relations_read(text: str) -> set[str]:
    """The relations a SQL text reads (FROM / JOIN), leaving out its own CTEs and table functions."""
    code = _code(text)
    ctes = {name.lower() for name in _CTE.findall(code)}
    return {name.lower() for name in _READS.findall(code)} - ctes


LAYER = {layer: set(relation_names(sql_files(layers=(layer,)))) for layer in LAYERS}


def test_layers_are_built_in_order_and_each_file_belongs_to_one():
    assert [p.parent.name for p in sql_files()] == sorted(
        (p.parent.name for p in sql_files()), key=LAYERS.index)
    assert {p.parent.name for p in (ROOT / "sql").glob("*/*.sql")} == set(LAYERS)
    assert LAYER["staging"] and LAYER["marts"] and all(name.startswith("stg_") for name in LAYER["staging"])


@pytest.mark.parametrize("path", sql_files(layers=("staging",)), ids=lambda p: p.name)
def test_staging_reads_raw_tables_only(path):
    assert relations_read(path.read_text(encoding="utf-8")) <= LAYER["tables"]


@pytest.mark.parametrize("path", sql_files(layers=("marts",)), ids=lambda p: p.name)
def test_marts_read_staging_and_marts_never_raw_tables(path):
    read = relations_read(path.read_text(encoding="utf-8"))
    assert read <= LAYER["staging"] | LAYER["marts"], read - LAYER["staging"] - LAYER["marts"]


def _queries_sql() -> list[str]:
    """Every SQL string literal of kenpo/queries.py that reads a relation."""
    text = (ROOT / "kenpo" / "queries.py").read_text(encoding="utf-8")
    literals = re.findall(r'"""(.*?)"""|"((?:[^"\\\n]|\\.)*)"', text, re.S)
    return [a or b for a, b in literals if (a or b).lstrip().upper().startswith("SELECT")]


def test_queries_read_marts_only_and_only_filter_and_order():
    sqls = _queries_sql()
    assert len(sqls) >= 20
    for sql in sqls:
        assert relations_read(sql) <= LAYER["marts"], sql
        assert not re.search(r"\b(JOIN|GROUP BY|HAVING|DISTINCT|OVER|UNION)\b", sql, re.I), sql


def test_the_checks_above_can_fail():
    assert relations_read("SELECT * FROM stg_facts f JOIN raw_metrics m USING (metric)") == {"stg_facts", "raw_metrics"}
    assert not relations_read("SELECT * FROM raw_facts") <= LAYER["staging"] | LAYER["marts"]
    assert relations_read("WITH x AS (SELECT 1 FROM facts) SELECT * FROM x -- FROM raw_facts") == {"facts"}
    assert relations_read("SELECT * FROM facts WHERE a IS NOT DISTINCT FROM b CROSS JOIN LATERAL (SELECT 1)") == {"facts"}


def test_materialized_marts_are_tables_and_the_rest_views(con):
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    for path in sql_files(layers=("staging", "marts")):
        (name,) = relation_names([path])
        marked = MATERIALIZE in path.read_text(encoding="utf-8")
        assert (name in tables, name in views) == (marked, not marked), name
        assert not (marked and path.parent.name == "staging"), name


def test_every_sql_file_defines_one_relation_or_only_macros():
    for path in sql_files():
        names = relation_names([path])
        text = _code(path.read_text(encoding="utf-8"))
        assert names or re.fullmatch(r"\s*(CREATE MACRO[^;]*;\s*)+", text), path
        assert len(re.findall(r"\bCREATE\s+(?:VIEW|TABLE)\b", text, re.I)) <= 1, path


def test_no_sql_file_outside_the_layers():
    assert sorted(Path(p).parent.name for p in (ROOT / "sql").rglob("*.sql")) == sorted(
        p.parent.name for p in sql_files())
