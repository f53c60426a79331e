"""data/metric_aliases.csv: the build loads it into a real store, and every bad alias fails the build
with its file, line and a clear message (the store left as it was). Each alias is printed in its
document on the line it names: never an alias the document does not print."""

from __future__ import annotations

import csv
import shutil
import unicodedata
from pathlib import Path

import pytest

from kenpo import contracts as C
from kenpo.build.store import BuildError, build
from kenpo.paths import DATA_DIR, ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
ALIASES = DATA_DIR / "metric_aliases.csv"
HEADER = ",".join(C.ALIAS_COLUMNS)
G = "002_3cca3b27335fda2a.txt"  # 群馬支部 事業計画 実施状況
COVER = "健康保険委員が委嘱されている事業所の被保険者数の割合"


def _rows() -> list[dict[str, str]]:
    with ALIASES.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _data_with_aliases(tmp_path: Path, lines: list[str]) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data, ignore=shutil.ignore_patterns("*.duckdb*"))
    (data / "metric_aliases.csv").write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return data


def _problems(tmp_path: Path, lines: list[str]) -> list[str]:
    db = tmp_path / "kenpo.duckdb"
    db.write_bytes(b"the previous store")
    with pytest.raises(BuildError) as err:
        build(db, data_dir=_data_with_aliases(tmp_path, lines))
    assert db.read_bytes() == b"the previous store"  # a failed build leaves the store as it was
    return [str(p) for p in err.value.problems]


def test_the_store_holds_every_alias_with_where_it_is_printed(con):
    rows = con.execute("SELECT source, metric, alias, kind, section, line FROM metric_aliases").fetchall()
    assert len(rows) == len(_rows()) > 30
    assert (G, COVER, "カバー率", "表頭", rows_section(rows, G, "カバー率"), 958) in rows
    assert (G, COVER, "1-1", "KPI番号", rows_section(rows, G, "1-1"), 1049) in rows


def rows_section(rows, source, alias) -> str:
    return next(r[4] for r in rows if r[0] == source and r[2] == alias)


def test_a_good_alias_file_builds(tmp_path):
    good = [f"{G},{COVER},カバー率,表頭,月別表,958,", f"{G},{COVER},1-1,KPI番号,18 広報の推進,1049,"]
    result = build(tmp_path / "kenpo.duckdb", data_dir=_data_with_aliases(tmp_path, good))
    assert result.fact_rows > 0


@pytest.mark.parametrize(
    "lines, expected",
    [
        pytest.param(
            [f"{G},存在しない指標,別名,略称,本文,1,"],
            f"data/metric_aliases.csv:2: metric: names no metric of {G} in the fact files "
            "(an alias needs the metric's label as stored) ('存在しない指標')",
            id="alias of no metric",
        ),
        pytest.param(
            ["003_9fe123e5a1b14397.txt,一般競争入札件数,一般競争,表頭,月別表,1086,"],
            "data/metric_aliases.csv:2: metric: names no metric of 003_9fe123e5a1b14397.txt in the fact files "
            "(an alias needs the metric's label as stored) ('一般競争入札件数')",
            id="metric of another document",
        ),
        pytest.param(
            [f"{G},{COVER}, ,表頭,月別表,958,"],
            "data/metric_aliases.csv:2: alias: required value is empty",
            id="blank alias",
        ),
        pytest.param(
            [f"{G},{COVER},カバー率,表頭,月別表,958,", f"{G},健康保険委員の委嘱事業所数,カバー率,表頭,月別表,958,"],
            f"data/metric_aliases.csv:3: alias: already names {COVER} of {G} (line 2): "
            "an alias leads to one metric of its document ('カバー率')",
            id="one alias for two metrics of a document",
        ),
        pytest.param(
            [f"{G},{COVER},1-1,KPI番号,KPI,1049,", f"{G},健康保険委員の委嘱事業所数,１－１,KPI番号,KPI,1052,"],
            f"data/metric_aliases.csv:3: alias: already names {COVER} of {G} (line 2): "
            "an alias leads to one metric of its document ('１－１')",
            id="the same KPI number in full-width digits",
        ),
        pytest.param(
            [f"{G},{COVER},郵送化率,略称,本文,48,"],
            f"data/metric_aliases.csv:2: alias: is the name of another metric of {G}: 郵送化率 ('郵送化率')",
            id="alias that is another metric's name",
        ),
        pytest.param(
            [f"{G},郵送化率,郵送化率,略称,本文,48,"],
            "data/metric_aliases.csv:2: alias: repeats the metric's own name ('郵送化率')",
            id="alias that is the metric's own name",
        ),
        pytest.param(
            [f"{G},{COVER},カバー率,見出し,月別表,958,"],
            "data/metric_aliases.csv:2: kind: not one of 表頭 KPI番号 略称 ('見出し')",
            id="unknown kind",
        ),
        pytest.param(
            [f"{G},{COVER},カバー率,表頭,月別表,0,"],
            "data/metric_aliases.csv:2: line: a line of the document is a whole number from 1 ('0')",
            id="line that is no line",
        ),
        pytest.param(
            [f"999_nope.txt,{COVER},カバー率,表頭,月別表,958,"],
            "data/metric_aliases.csv:2: source: unknown source document (not in data/sources.csv) ('999_nope.txt')",
            id="unknown document",
        ),
        pytest.param(
            [f"{G},{COVER},カバー率,表頭,月別表,958,", f"{G},{COVER},カバー率,略称,本文,958,"],
            "data/metric_aliases.csv:3: -: duplicate row: same source, metric, alias as line 2 "
            f"('{G} / {COVER} / カバー率')",
            id="the same alias twice",
        ),
    ],
)
def test_a_bad_alias_fails_the_build(tmp_path, lines, expected):
    problems = _problems(tmp_path, lines)
    assert expected in problems, problems


def test_the_same_alias_in_two_documents_is_fine(tmp_path):
    """カバー率 is 002's 表頭 and 003's word for the same metric: one metric per document."""
    two = [f"{G},{COVER},カバー率,表頭,月別表,958,", f"003_9fe123e5a1b14397.txt,{COVER},カバー率,略称,本文,480,"]
    assert build(tmp_path / "kenpo.duckdb", data_dir=_data_with_aliases(tmp_path, two)).fact_rows > 0


@pytest.mark.parametrize("row", _rows(), ids=lambda r: f"{r['source'][:3]}:{r['line']}:{r['alias']}")
def test_every_alias_is_printed_on_its_line(row):
    """The alias, exactly as curated, stands on the line of the document's text it names."""
    lines = (SEEDS / row["source"]).read_text(encoding="utf-8").split("\n")
    printed = lines[int(row["line"]) - 1]
    assert row["alias"] in printed, f"{row['source']}:{row['line']}: {printed!r} does not print {row['alias']!r}"
    if row["kind"] == "KPI番号":  # a KPI number is printed as the number and its bracket: 1-1）, １）
        assert (
            unicodedata.normalize("NFKC", printed)
            .lstrip("【KPI】 ")
            .startswith(unicodedata.normalize("NFKC", row["alias"]) + ")")
        ), printed


def test_the_line_check_catches_a_wrong_line():
    """The check above fails for an alias moved to a line that does not print it."""
    row = next(r for r in _rows() if r["alias"] == "カバー率" and r["source"] == G)
    with pytest.raises(AssertionError):
        test_every_alias_is_printed_on_its_line({**row, "line": str(int(row["line"]) + 2)})
    with pytest.raises(AssertionError):
        test_every_alias_is_printed_on_its_line({**row, "alias": "カバー比率"})


def test_aliases_of_a_document_without_figures_are_a_warning(tmp_path):
    """A document whose fact files hold headers only (a store of no figures, README) still builds:
    its aliases lead nowhere and cannot be checked, which the build says once."""
    data = _data_with_aliases(
        tmp_path, [f"{G},{COVER},カバー率,表頭,月別表,958,", f"{G},存在しない指標,別名,略称,本文,1,"]
    )
    for path in data.glob("002_*.csv"):
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = build(tmp_path / "kenpo.duckdb", data_dir=data)
    said = [str(w) for w in result.warnings if w.file.endswith("metric_aliases.csv")]
    assert said == [
        f"data/metric_aliases.csv:2: source: warning: the document has no figures in data/: its aliases lead to "
        f"no metric and are not checked ('{G}')"
    ], said
