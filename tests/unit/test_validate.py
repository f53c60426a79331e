"""kenpo.build.validate: a catalogue of bad inputs, each with its exact message line, and the
harmless variants a hand edit in Excel produces, which must be accepted."""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kenpo.build.cli import main
from kenpo.build.validate import validate_dir
from kenpo.paths import DATA_DIR, ROOT
from tests.permissions import obey_permission_bits, require_permission_bits

SRC = "000_ea8c514f59c29b9d.txt"  # a source listed in data/sources.csv
F = "data/100_test.csv"
HEADER = "source,section,dataset,scope,metric,kind,fiscal_year,month,basis,as_of,value,unit,printed,note"
COLUMNS = HEADER.split(",")
BASE = {
    "source": SRC,
    "section": "テスト表",
    "dataset": "t",
    "scope": "全国",
    "metric": "加入者数",
    "kind": "実績",
    "fiscal_year": "2023",
    "month": "",
    "basis": "年度",
    "as_of": "",
    "value": "100",
    "unit": "人",
    "printed": "100",
    "note": "",
}
FACT_COLUMNS_TEXT = ", ".join(COLUMNS)
UNITS_TEXT = "人 円 件 % 事業所 保険者 組合 市町村 団体 法人 社 日 分 位 回 枚 箇所 点 項目 時間 倍 ポイント"
DUP = "duplicate row: same source, dataset, scope, metric, kind, fiscal_year, month, basis as"


def row(**changes) -> dict:
    unknown = set(changes) - set(BASE)
    assert not unknown, unknown
    return {**BASE, **changes}


def csv_text(rows, columns=COLUMNS, header=None) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(header if header is not None else columns)
    for r in rows:
        w.writerow([r[c] for c in columns] if isinstance(r, dict) else r)
    return out.getvalue()


def facts(*rows) -> dict:
    """The files of a case whose only fact file is data/100_test.csv."""
    return {"100_test.csv": csv_text(rows)}


def months(values, **changes) -> list[dict]:
    """A 単月 or 累計 series April..March (values in fiscal order)."""
    basis = changes.pop("basis", "単月")
    fiscal = (4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3)
    return [row(month=str(m), basis=basis, value=str(v), printed=str(v), **changes) for m, v in zip(fiscal, values)]


STATUS_HEADER = "source,section,dataset,scope,metric,fiscal_year,status,note"
METRICS_HEADER = (
    "source,metric,direction,national_source,national_metric,headline_order,health_check_table,plan_goal,"
    "kpi_reference,note"
)


FOLDER = object()  # in a case's files: a folder of that name instead of a file
FIFO = object()  # a named pipe (opening it for reading would wait for a writer for ever)
SOCKET = object()  # a Unix socket


def make_data_dir(root: Path, files: dict) -> Path:
    """A data dir holding the real sources.csv plus the given files (None removes a file)."""
    data = root / "data"
    data.mkdir()
    shutil.copy(DATA_DIR / "sources.csv", data / "sources.csv")
    for name, content in files.items():
        if content is None:
            (data / name).unlink()
        elif content is FOLDER:
            (data / name).mkdir()
        elif content is FIFO:
            os.mkfifo(data / name)
        elif content is SOCKET:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.bind(str(data / name))
        elif isinstance(content, bytes):
            (data / name).write_bytes(content)
        else:
            (data / name).write_text(content, encoding="utf-8", newline="")
    return data


def problems(data: Path) -> list[str]:
    return [str(p) for p in validate_dir(data).problems]


# -- the catalogue: (id, files, expected lines) ---------------------------------------

GOOD = csv_text([row()])
good_bytes = GOOD.encode("utf-8")
BIG = "9" * 400  # more digits than a float holds: read as infinity unless rejected
REAL_SOURCES = (DATA_DIR / "sources.csv").read_text(encoding="utf-8")


def sources_with(source: str, change) -> str:
    """The real sources.csv with the row of ``source`` changed by ``change(cells) -> cells``."""
    rows = list(csv.reader(io.StringIO(REAL_SOURCES)))
    assert any(r[0] == source for r in rows[1:]), source
    return csv_text([change(r) if r[0] == source else r for r in rows[1:]], header=rows[0])


def _blank_title(cells: list[str]) -> list[str]:
    return [cells[0], ""] + cells[2:]


# One fact, status and metrics row each citing SRC, the source the sources.csv cases break.
CITING_SRC = {
    "100_test.csv": GOOD,
    "100_status.csv": f"{STATUS_HEADER}\n{SRC},s,t,群馬,m,2024,○,\n",
    "metrics.csv": f"{METRICS_HEADER}\n{SRC},加入者数,higher,{SRC},加入者数,,,,,\n",
}


def rows_text(*rows, marks: dict[str, str] | None = None) -> str:
    """Fact rows as CSV text with each placeholder of ``marks`` replaced by raw text (a stray quote)."""
    text = csv_text(rows)
    for mark, raw in (marks or {}).items():
        assert text.count(mark) == 1, mark
        text = text.replace(mark, raw)
    return text


SEVEN = [row(fiscal_year=str(2017 + i), note=f"NOTE{i}") for i in range(7)]  # lines 2-8
UNCLOSED_EOF = "unclosed quote: the quoted cell is never closed; a cell must end on its line"
SJIS_ROW = csv_text([row(fiscal_year="2022")]).split("\n", 1)[1].encode("cp932")  # one data line
UTF8_ROW = csv_text([row(fiscal_year="2021")]).split("\n", 1)[1].encode("utf-8")


def odd(chars: str) -> str:
    """The message for invisible or look-alike characters, as the validator names them."""
    import unicodedata

    names = [
        f"U+{ord(ch):04X} {unicodedata.name(ch)} "
        + ("(invisible)" if unicodedata.category(ch) == "Cf" else f"(a look-alike of {unicodedata.digit(ch)})")
        for ch in chars
    ]
    return f"contains {', '.join(names)}; delete or retype it"


CATALOGUE = [
    # --- file structure
    ("missing column", {"100_test.csv": csv_text([row()], columns=COLUMNS[:-1])}, [f"{F}:1: note: missing column"]),
    (
        "two missing columns",
        {"100_test.csv": csv_text([row()], columns=[c for c in COLUMNS if c not in ("unit", "printed")])},
        [f"{F}:1: unit: missing column", f"{F}:1: printed: missing column"],
    ),
    (
        "extra column",
        {"100_test.csv": csv_text([list(row().values()) + ["x"]], header=COLUMNS + ["comment"])},
        [f"{F}:1: comment: unknown column; expected {FACT_COLUMNS_TEXT}"],
    ),
    (
        "blank extra column (trailing comma in header)",
        {"100_test.csv": csv_text([list(row().values()) + [""]], header=COLUMNS + [""])},
        [f"{F}:1: (blank): unknown column; expected {FACT_COLUMNS_TEXT}"],
    ),
    (
        "misspelt column",
        {"100_test.csv": csv_text([list(row().values())], header=[("values" if c == "value" else c) for c in COLUMNS])},
        [f"{F}:1: value: missing column", f"{F}:1: values: unknown column; expected {FACT_COLUMNS_TEXT}"],
    ),
    (
        "duplicated column",
        {"100_test.csv": csv_text([list(row().values()) + ["100"]], header=COLUMNS + ["value"])},
        [f"{F}:1: value: column appears twice"],
    ),
    (
        "duplicated column after normalising the header (ＶＡＬＵＥ = value)",
        {"100_test.csv": csv_text([list(row().values()) + ["100"]], header=COLUMNS + ["ＶＡＬＵＥ"])},
        [f"{F}:1: value: column appears twice"],
    ),
    ("empty file", {"100_test.csv": b""}, [f"{F}:1: -: file is empty; expected a header row"]),
    ("file with only a BOM", {"100_test.csv": b"\xef\xbb\xbf"}, [f"{F}:1: -: file is empty; expected a header row"]),
    (
        "neither UTF-8 nor Shift_JIS (bad lead/trail pair): the line is named",
        {"100_test.csv": good_bytes + b"\x81\x20\n"},
        [f"{F}:3: -: line is neither UTF-8 nor Shift_JIS (cp932), first bad byte 0x81; save the file as CSV UTF-8"],
    ),
    (
        "Latin-1 bytes that Python's cp932 would turn into private-use characters",
        {"100_test.csv": good_bytes.replace("テスト表".encode(), b"Tab\xa0le\xff")},
        [f"{F}:2: -: line is neither UTF-8 nor Shift_JIS (cp932), first bad byte 0xA0; save the file as CSV UTF-8"],
    ),
    (
        "UTF-16 file",
        {"100_test.csv": GOOD.encode("utf-16")},
        [f"{F}:1: -: file contains NUL bytes (UTF-16 or not a text file); save it as CSV UTF-8"],
    ),
    (
        "UTF-16 file without BOM",
        {"100_test.csv": GOOD.encode("utf-16-le")},
        [f"{F}:1: -: file contains NUL bytes (UTF-16 or not a text file); save it as CSV UTF-8"],
    ),
    (
        "binary file",
        {"100_test.csv": bytes(range(256)) * 4},
        [f"{F}:1: -: file contains NUL bytes (UTF-16 or not a text file); save it as CSV UTF-8"],
    ),
    (
        "row with too few cells",
        {"100_test.csv": csv_text([list(row().values())[:-1]])},
        [f"{F}:2: -: row has 13 cells, header has 14"],
    ),
    (
        "row with too many cells",
        {"100_test.csv": csv_text([row(), list(row(fiscal_year="2022").values()) + ["x"]])},
        [f"{F}:3: -: row has 15 cells, header has 14"],
    ),
    # --- required fields and vocabularies
    ("empty source", facts(row(source="")), [f"{F}:2: source: required value is empty"]),
    ("empty section", facts(row(section="")), [f"{F}:2: section: required value is empty"]),
    ("empty dataset", facts(row(dataset=" ")), [f"{F}:2: dataset: required value is empty"]),
    ("empty scope", facts(row(scope="")), [f"{F}:2: scope: required value is empty"]),
    ("empty metric", facts(row(metric="")), [f"{F}:2: metric: required value is empty"]),
    ("empty kind", facts(row(kind="")), [f"{F}:2: kind: required value is empty"]),
    ("empty basis", facts(row(basis="")), [f"{F}:2: basis: required value is empty"]),
    ("empty unit", facts(row(unit="")), [f"{F}:2: unit: required value is empty"]),
    ("unknown kind", facts(row(kind="見込")), [f"{F}:2: kind: not one of 実績 目標 順位 ('見込')"]),
    ("unknown basis", facts(row(basis="四半期")), [f"{F}:2: basis: not one of 単月 累計 年度 時点 ('四半期')"]),
    ("unknown unit", facts(row(unit="kg")), [f"{F}:2: unit: not one of {UNITS_TEXT} ('kg')"]),
    (
        "unit with multiplier (must be stored in base units)",
        facts(row(unit="千人")),
        [f"{F}:2: unit: not one of {UNITS_TEXT} ('千人')"],
    ),
    (
        "unknown source",
        facts(row(source="999_nope.txt")),
        [f"{F}:2: source: unknown source document (not in data/sources.csv) ('999_nope.txt')"],
    ),
    # --- value
    ("non-numeric value", facts(row(value="abc")), [f"{F}:2: value: not a number ('abc')"]),
    ("value with letters", facts(row(value="12a")), [f"{F}:2: value: not a number ('12a')"]),
    ("value with its unit", facts(row(value="100人")), [f"{F}:2: value: not a number ('100人')"]),
    ("two minus signs", facts(row(value="--5")), [f"{F}:2: value: not a number: two minus signs ('--5')"]),
    ("△ and minus", facts(row(value="△-5")), [f"{F}:2: value: not a number: two minus signs ('△-5')"]),
    (
        "misplaced thousands separator",
        facts(row(value="1,23")),
        [f"{F}:2: value: not a number: misplaced thousands separator ('1,23')"],
    ),
    (
        "percentage over 100",
        facts(row(metric="受診率", unit="%", value="100.5", printed="100.5%")),
        [f"{F}:2: value: percentage outside 0–100 ('100.5')"],
    ),
    (
        "percentage below 0",
        facts(row(metric="受診率", unit="%", value="-0.1", printed="-0.1%")),
        [f"{F}:2: value: percentage outside 0–100 ('-0.1')"],
    ),
    (
        "percentage below 0 written with △",
        facts(row(metric="受診率", unit="%", value="△0.1", printed="△0.1%")),
        [f"{F}:2: value: percentage outside 0–100 ('△0.1')"],
    ),
    (
        "rank 0",
        facts(row(kind="順位", unit="位", value="0", printed="0位")),
        [f"{F}:2: value: a rank is a whole number from 1 ('0')"],
    ),
    (
        "rank 1.5",
        facts(row(kind="順位", unit="位", value="1.5", printed="1.5位")),
        [f"{F}:2: value: a rank is a whole number from 1 ('1.5')"],
    ),
    (
        "empty value without note",
        facts(row(value="", printed="")),
        [f"{F}:2: value: empty value needs a note saying why"],
    ),
    ("value without printed", facts(row(printed="")), [f"{F}:2: printed: a value needs the figure as printed"]),
    (
        "empty value beside a printed number, though the row has a note",
        facts(row(value="", printed="69.7", note="注記あり")),
        [f"{F}:2: value: empty value, but the printed figure is a number ('69.7')"],
    ),
    (
        "empty value beside a printed number with △ and %, no note (one line, the real cause)",
        facts(row(metric="受診率", unit="%", value="", printed="△1.5%")),
        [f"{F}:2: value: empty value, but the printed figure is a number ('△1.5%')"],
    ),
    (
        "empty value beside a printed figure with its unit",
        facts(row(value="", printed="4,037万人", note="注記あり")),
        [f"{F}:2: value: empty value, but the printed figure is a number ('4,037万人')"],
    ),
    (
        "value of 400 digits (infinity as a float)",
        facts(row(unit="円", value=BIG, printed="x")),
        [f"{F}:2: value: not a number: number too large ({BIG!r})"],
    ),
    (
        "rank of 400 digits",
        facts(row(kind="順位", unit="位", value=BIG, printed="x")),
        [f"{F}:2: value: not a number: number too large ({BIG!r})"],
    ),
    # --- month
    ("month 0", facts(row(basis="単月", month="0")), [f"{F}:2: month: month must be a whole number 1–12 ('0')"]),
    ("month 13", facts(row(basis="単月", month="13")), [f"{F}:2: month: month must be a whole number 1–12 ('13')"]),
    ("month 1.5", facts(row(basis="単月", month="1.5")), [f"{F}:2: month: month must be a whole number 1–12 ('1.5')"]),
    (
        "month as text",
        facts(row(basis="単月", month="4月")),
        [f"{F}:2: month: month must be a whole number 1–12 ('4月')"],
    ),
    (
        "month of 400 digits",
        facts(row(basis="単月", month=BIG)),
        [f"{F}:2: month: month must be a whole number 1–12 ({BIG!r})"],
    ),
    ("basis 単月 without month", facts(row(basis="単月")), [f"{F}:2: month: basis 単月 needs a month"]),
    ("basis 累計 without month", facts(row(basis="累計")), [f"{F}:2: month: basis 累計 needs a month"]),
    ("basis 年度 with month", facts(row(month="4")), [f"{F}:2: month: basis 年度 takes no month ('4')"]),
    # --- fiscal year
    ("year before the range", facts(row(fiscal_year="1988")), [f"{F}:2: fiscal_year: year outside 1989–2035 ('1988')"]),
    ("year after the range", facts(row(fiscal_year="2036")), [f"{F}:2: fiscal_year: year outside 1989–2035 ('2036')"]),
    (
        "era year outside the range",
        facts(row(fiscal_year="昭和50年度")),
        [f"{F}:2: fiscal_year: year outside 1989–2035 ('昭和50年度')"],
    ),
    (
        "year as text",
        facts(row(fiscal_year="来年度")),
        [f"{F}:2: fiscal_year: not a year (e.g. 2023 or 令和5年度) ('来年度')"],
    ),
    (
        "fractional year",
        facts(row(fiscal_year="2023.5")),
        [f"{F}:2: fiscal_year: not a year (e.g. 2023 or 令和5年度) ('2023.5')"],
    ),
    ("empty year", facts(row(fiscal_year="")), [f"{F}:2: fiscal_year: required value is empty"]),
    (
        "year of 400 digits",
        facts(row(fiscal_year=BIG)),
        [f"{F}:2: fiscal_year: not a year (e.g. 2023 or 令和5年度) ({BIG!r})"],
    ),
    # --- as_of
    ("basis 時点 without as_of", facts(row(basis="時点")), [f"{F}:2: as_of: basis 時点 needs an as_of date"]),
    (
        "bad as_of date",
        facts(row(basis="時点", as_of="2023-13-01")),
        [f"{F}:2: as_of: not a date (YYYY-MM-DD or e.g. 令和3年3月末) ('2023-13-01')"],
    ),
    (
        "bad as_of era month",
        facts(row(basis="時点", as_of="R5.13")),
        [f"{F}:2: as_of: not a date (YYYY-MM-DD or e.g. 令和3年3月末) ('R5.13')"],
    ),
    (
        "as_of in the previous fiscal year",
        facts(row(basis="時点", as_of="2023-03-31")),
        [f"{F}:2: fiscal_year: as_of 2023-03-31 lies in fiscal year 2022 ('2023')"],
    ),
    (
        "as_of in the next fiscal year (和暦)",
        facts(row(basis="時点", as_of="令和6年4月末")),
        [f"{F}:2: fiscal_year: as_of 2024-04-30 lies in fiscal year 2024 ('2023')"],
    ),
    (
        "as_of before the year range on a 年度 row",
        facts(row(as_of="1900-01-01")),
        [f"{F}:2: as_of: year outside 1989–2035 ('1900-01-01')"],
    ),
    (
        "as_of after the year range on a 年度 row",
        facts(row(as_of="2999-12-31")),
        [f"{F}:2: as_of: year outside 1989–2035 ('2999-12-31')"],
    ),
    (
        "as_of outside the year range on a 時点 row (not also a fiscal year mismatch)",
        facts(row(basis="時点", as_of="昭和50年3月末")),
        [f"{F}:2: as_of: year outside 1989–2035 ('昭和50年3月末')"],
    ),
    # --- keys
    (
        "duplicate key in one file",
        facts(row(), row(value="200", printed="200")),
        [f"{F}:3: -: {DUP} line 2 ('{SRC} / t / 全国 / 加入者数 / 実績 / 2023 /  / 年度')"],
    ),
    (
        "duplicate key written differently (令和5年度 = 2023, ５ = 5)",
        facts(row(basis="単月", month="5"), row(basis="単月", month="５", fiscal_year="令和5年度")),
        [f"{F}:3: -: {DUP} line 2 ('{SRC} / t / 全国 / 加入者数 / 実績 / 2023 / 5 / 単月')"],
    ),
    (
        "duplicate key across files",
        {"100_test.csv": csv_text([row()]), "101_test.csv": csv_text([row(fiscal_year="2022"), row()])},
        [f"data/101_test.csv:3: -: {DUP} {F}:2 ('{SRC} / t / 全国 / 加入者数 / 実績 / 2023 /  / 年度')"],
    ),
    # --- series
    (
        "累計 that falls",
        facts(
            row(basis="累計", month="4", value="100", printed="100"),
            row(basis="累計", month="5", value="90", printed="90"),
        ),
        [f"{F}:3: value: 累計 falls from 100 (4月, line 2) to 90 (5月) ('90')"],
    ),
    (
        "累計 that falls across the turn of the calendar year (Dec -> Jan)",
        facts(
            row(basis="累計", month="1", value="1,200", printed="1,200"),
            row(basis="累計", month="12", value="1,250", printed="1,250"),
        ),
        [f"{F}:2: value: 累計 falls from 1250 (12月, line 3) to 1200 (1月) ('1,200')"],
    ),
    (
        "累計 of a large amount that falls (no 1.4e+06 in the message)",
        facts(
            row(basis="累計", month="4", unit="円", value="1442000", printed="144.2"),
            row(basis="累計", month="5", unit="円", value="1441000", printed="144.1"),
        ),
        [f"{F}:3: value: 累計 falls from 1442000 (4月, line 2) to 1441000 (5月) ('1441000')"],
    ),
    (
        "printed total differs from its 12 months",
        facts(*months([10] * 12), row(value="121", printed="121")),
        [
            f"{F}:14: value: printed total 121 differs from the sum of its 12 months 120 "
            f"(if the document prints it so, say 【不一致】 in note) ('121')"
        ],
    ),
    (
        "printed total with decimals differs from its 12 months",
        facts(*months([0.1] * 12, unit="件"), row(unit="件", value="1.3", printed="1.3")),
        [
            f"{F}:14: value: printed total 1.3 differs from the sum of its 12 months 1.2 "
            f"(if the document prints it so, say 【不一致】 in note) ('1.3')"
        ],
    ),
    (
        "累計 that falls across two files",
        {
            "100_test.csv": csv_text([row(basis="累計", month="4", value="100")]),
            "101_test.csv": csv_text([row(basis="累計", month="5", value="90")]),
        },
        [f"data/101_test.csv:2: value: 累計 falls from 100 (4月, {F}:2) to 90 (5月) ('90')"],
    ),
    # --- status and metrics files
    (
        "bad status",
        {"100_status.csv": f"{STATUS_HEADER}\n{SRC},s,t,群馬,m,2024,A,\n"},
        ["data/100_status.csv:2: status: not one of ◎ ○ △ × □ 達成 概ね達成 未達成 ('A')"],
    ),
    (
        "empty status",
        {"100_status.csv": f"{STATUS_HEADER}\n{SRC},s,t,群馬,m,2024,,\n"},
        ["data/100_status.csv:2: status: required value is empty"],
    ),
    (
        "status with a bad year",
        {"100_status.csv": f"{STATUS_HEADER}\n{SRC},s,t,群馬,m,2050,○,\n"},
        ["data/100_status.csv:2: fiscal_year: year outside 1989–2035 ('2050')"],
    ),
    (
        "status with a year of 400 digits",
        {"100_status.csv": f"{STATUS_HEADER}\n{SRC},s,t,群馬,m,{BIG},○,\n"},
        [f"data/100_status.csv:2: fiscal_year: not a year (e.g. 2023 or 令和5年度) ({BIG!r})"],
    ),
    (
        "status with an unknown source",
        {"100_status.csv": f"{STATUS_HEADER}\nnope.txt,s,t,群馬,m,2024,○,\n"},
        ["data/100_status.csv:2: source: unknown source document (not in data/sources.csv) ('nope.txt')"],
    ),
    (
        "duplicate status",
        {"100_status.csv": f"{STATUS_HEADER}\n{SRC},s,t,群馬,m,2024,○,\n{SRC},s2,t,群馬,m,R6年度,×,\n"},
        [
            f"data/100_status.csv:3: -: duplicate row: same source, dataset, scope, metric, fiscal_year as line 2 "
            f"('{SRC} / t / 群馬 / m / 2024')"
        ],
    ),
    (
        "bad direction",
        {"metrics.csv": f"{METRICS_HEADER}\n{SRC},加入者数,up,,,,,,,\n"},
        ["data/metrics.csv:2: direction: not one of higher lower none ('up')"],
    ),
    (
        "metric with an unknown national source",
        {"metrics.csv": f"{METRICS_HEADER}\n{SRC},加入者数,higher,nope.txt,加入者数,,,,,\n"},
        ["data/metrics.csv:2: national_source: unknown source document (not in data/sources.csv) ('nope.txt')"],
    ),
    (
        "metrics.csv with a wrong header",
        {"metrics.csv": "source,metric\nx,y\n"},
        [
            "data/metrics.csv:1: direction: missing column",
            "data/metrics.csv:1: national_source: missing column",
            "data/metrics.csv:1: national_metric: missing column",
            "data/metrics.csv:1: headline_order: missing column",
            "data/metrics.csv:1: health_check_table: missing column",
            "data/metrics.csv:1: plan_goal: missing column",
            "data/metrics.csv:1: kpi_reference: missing column",
            "data/metrics.csv:1: note: missing column",
        ],
    ),
    (
        "metrics.csv flag that is neither yes nor no",
        {"metrics.csv": f"{METRICS_HEADER}\n{SRC},加入者数,none,,,,TRUE,,,\n{SRC},保険者数,none,,,,,はい,,\n"},
        [
            "data/metrics.csv:2: health_check_table: not one of yes no (empty is no) ('TRUE')",
            "data/metrics.csv:3: plan_goal: not one of yes no (empty is no) ('はい')",
        ],
    ),
    (
        "metrics.csv headline order that is not a whole number from 1",
        {
            "metrics.csv": f"{METRICS_HEADER}\n{SRC},加入者数,none,,,0,,,,\n{SRC},保険者数,none,,,1.5,,,,\n"
            f"{SRC},事業所数,none,,,一,,,,\n"
        },
        [
            "data/metrics.csv:2: headline_order: a headline order is a whole number from 1 ('0')",
            "data/metrics.csv:3: headline_order: a headline order is a whole number from 1 ('1.5')",
            "data/metrics.csv:4: headline_order: a headline order is a whole number from 1 ('一')",
        ],
    ),
    (
        "metrics.csv headline order given to two metrics, and a metric with two orders",
        {
            "metrics.csv": f"{METRICS_HEADER}\n{SRC},加入者数,none,,,1,,,,\n{SRC},保険者数,none,,,1,,,,\n"
            f"003_9fe123e5a1b14397.txt,加入者数,none,,,2,,,,\n"
        },
        [
            "data/metrics.csv:3: headline_order: headline order 1 is already given to 加入者数 (line 2) ('1')",
            "data/metrics.csv:4: headline_order: 加入者数 has headline order 1 on line 2 ('2')",
        ],
    ),
    # --- sources.csv
    (
        "sources.csv missing",
        {"sources.csv": None, "100_test.csv": GOOD},
        ["data/sources.csv:0: -: missing file: the catalogue of source documents"],
    ),
    (
        "sources.csv present but with a bad header (not reported as missing)",
        {"sources.csv": "source,name\nx,y\n", "100_test.csv": GOOD},
        [
            "data/sources.csv:1: title: missing column",
            "data/sources.csv:1: short_title: missing column",
            "data/sources.csv:1: publisher: missing column",
            "data/sources.csv:1: period: missing column",
            "data/sources.csv:1: scope: missing column",
            "data/sources.csv:1: description: missing column",
            "data/sources.csv:1: name: unknown column; expected source, title, short_title, publisher, period, scope, description",
        ],
    ),
    (
        "source without title",
        {"sources.csv": "source,title,short_title,publisher,period,scope,description\nx.txt,,x,p,2023,全国,d\n"},
        ["data/sources.csv:2: title: required value is empty"],
    ),
    (
        "source without short title (pages name a document by it)",
        {"sources.csv": "source,title,short_title,publisher,period,scope,description\nx.txt,t,,p,2023,全国,d\n"},
        ["data/sources.csv:2: short_title: required value is empty"],
    ),
    (
        "two documents with one short title",
        {
            "sources.csv": "source,title,short_title,publisher,period,scope,description\n"
            "x.txt,資料X,同じ題,p,2023,全国,d\ny.txt,資料Y,同じ題,p,2023,全国,d\n"
        },
        ["data/sources.csv:3: short_title: short title already names x.txt (line 2) ('同じ題')"],
    ),
    (
        "a source without title is still known to the rows citing it (one line, not one per row)",
        {**CITING_SRC, "sources.csv": sources_with(SRC, _blank_title)},
        ["data/sources.csv:2: title: required value is empty"],
    ),
    (
        "a source row with a stray cell is still known to the rows citing it",
        {**CITING_SRC, "sources.csv": sources_with(SRC, lambda cells: cells + ["x"])},
        ["data/sources.csv:2: -: row has 8 cells, header has 7"],
    ),
    # --- datasets.csv (a Japanese title per dataset id)
    (
        "a dataset title left blank",
        {"100_test.csv": GOOD, "datasets.csv": f"source,dataset,title\n{SRC},t,\n"},
        ["data/datasets.csv:2: title: required value is empty"],
    ),
    (
        "two datasets with one title (データ's filter could not tell them apart)",
        {"100_test.csv": GOOD, "datasets.csv": f"source,dataset,title\n{SRC},t,同じ題\n{SRC},u,同じ題\n"},
        [f"data/datasets.csv:3: title: title already names {SRC} t (line 2) ('同じ題')"],
    ),
    (
        "a dataset title of an unknown document",
        {"100_test.csv": GOOD, "datasets.csv": f"source,dataset,title\n{SRC},t,題\nnope.txt,t,別の題\n"},
        ["data/datasets.csv:3: source: unknown source document (not in data/sources.csv) ('nope.txt')"],
    ),
    # --- files
    (
        "upper-case .CSV extension is checked like any other CSV",
        {"005_new.CSV": csv_text([row(value="abc")])},
        ["data/005_new.CSV:2: value: not a number ('abc')"],
    ),
    (
        "mixed-case .Csv status file follows the status contract",
        {"100_Status.Csv": f"{STATUS_HEADER}\n{SRC},s,t,群馬,m,2024,A,\n"},
        ["data/100_Status.Csv:2: status: not one of ◎ ○ △ × □ 達成 概ね達成 未達成 ('A')"],
    ),
    (
        "a folder named like a CSV file",
        {"old.csv": FOLDER, "100_test.csv": GOOD},
        ["data/old.csv:1: -: cannot read the file (Is a directory)"],
    ),
    # --- stray quotes: csv would read the rest of the file into one cell and lose its rows
    (
        "unclosed quote in a note: the rows after it are not swallowed (a 7-row file)",
        {"100_test.csv": rows_text(*SEVEN, marks={"NOTE2": '"abc'})},
        [f"{F}:4: note: {UNCLOSED_EOF} ('\"abc')"],
    ),
    (
        "unclosed quote: the rows after it are still checked",
        {"100_test.csv": rows_text(row(note="Q"), row(fiscal_year="2022", kind="見込"), marks={"Q": '"abc'})},
        [f"{F}:2: note: {UNCLOSED_EOF} ('\"abc')", f"{F}:3: kind: not one of 実績 目標 順位 ('見込')"],
    ),
    (
        "quote closed on a later line: named on the line it opens, not as a row of 16 cells",
        {"100_test.csv": rows_text(*SEVEN, marks={"NOTE2": '"abc', "NOTE4": 'def"'})},
        [f"{F}:4: note: unclosed quote: the quoted cell runs on to line 6; a cell must end on its line ('\"abc')"],
    ),
    (
        "line break inside a quoted cell (a multi-line cell)",
        {"100_test.csv": csv_text([row(note="first line\nsecond line"), row(fiscal_year="2022")])},
        [
            f"{F}:2: note: unclosed quote: the quoted cell runs on to line 3; a cell must end on its line "
            "('\"first line')"
        ],
    ),
    ("unclosed quote in the header", {"100_test.csv": '"' + GOOD}, [f"{F}:1: -: {UNCLOSED_EOF}"]),
    # --- encodings: the line at fault
    (
        "one Shift_JIS row in a UTF-8 file",
        {"100_test.csv": good_bytes + SJIS_ROW + UTF8_ROW},
        [
            f"{F}:3: -: the file mixes encodings: this line is Shift_JIS (cp932), line 2 is UTF-8; "
            "save the file as CSV UTF-8"
        ],
    ),
    (
        "one UTF-8 row in a Shift_JIS file",
        {"100_test.csv": GOOD.encode("cp932") + SJIS_ROW + UTF8_ROW},
        [
            f"{F}:4: -: the file mixes encodings: this line is UTF-8, line 2 is Shift_JIS (cp932); "
            "save the file as CSV UTF-8"
        ],
    ),
    (
        "one Latin-1 row in a UTF-8 file",
        {
            "100_test.csv": good_bytes
            + csv_text([row(fiscal_year="2022", section="Café")]).split("\n", 1)[1].encode("latin-1", "replace")
        },
        [f"{F}:3: -: line is neither UTF-8 nor Shift_JIS (cp932), first bad byte 0xE9; save the file as CSV UTF-8"],
    ),
    # --- invisible and look-alike characters
    (
        "zero-width space in scope",
        facts(row(scope="全国\u200b")),
        [f"{F}:2: scope: cell {odd(chr(0x200B))} ('全国\\u200b')"],
    ),
    (
        "right-to-left mark in metric",
        facts(row(metric="\u200f加入者数")),
        [f"{F}:2: metric: cell {odd(chr(0x200F))} ('\\u200f加入者数')"],
    ),
    (
        "Arabic-Indic digit in value (Python reads ٣ as 3)",
        facts(row(value="٣", printed="3")),
        [f"{F}:2: value: cell {odd('٣')} ('٣')"],
    ),
    (
        "Arabic-Indic digits in fiscal_year",
        facts(row(fiscal_year="٢٠٢٣")),
        [f"{F}:2: fiscal_year: cell {odd('٢٠٣')} ('٢٠٢٣')"],
    ),
    (
        "BOM inside a cell",
        facts(row(section="テスト\ufeff表")),
        [f"{F}:2: section: cell {odd(chr(0xFEFF))} ('テスト\\ufeff表')"],
    ),
    (
        "word joiner and right-to-left override in a note",
        facts(row(note="a\u2060b\u202ec")),
        [f"{F}:2: note: cell {odd(chr(0x2060) + chr(0x202E))} ('a\\u2060b\\u202ec')"],
    ),
    (
        "zero-width space in a column name",
        {"100_test.csv": csv_text([row()], header=["sou\u200brce"] + COLUMNS[1:])},
        [f"{F}:1: source: column name {odd(chr(0x200B))} ('sou\\u200brce')"],
    ),
    (
        "zero-width space in a status file",
        {"100_status.csv": f"{STATUS_HEADER}\n{SRC},s,t,群馬\u200b,m,2024,○,\n"},
        [f"data/100_status.csv:2: scope: cell {odd(chr(0x200B))} ('群馬\\u200b')"],
    ),
]


@pytest.mark.parametrize("case_id, files, expected", CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_catalogue(tmp_path, case_id, files, expected):
    data = make_data_dir(tmp_path, files)
    assert problems(data) == expected


def test_catalogue_is_large_enough():
    assert len(CATALOGUE) >= 30
    assert len({c[0] for c in CATALOGUE}) == len(CATALOGUE)


def test_readmes_count_the_catalogue():
    total = len(CATALOGUE) + len(WARNED)
    readme = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    assert f"catalogue of bad inputs has {total} cases: {len(CATALOGUE)} refused" in readme
    assert f"and {len(WARNED)} warned" in readme
    assert f"catalogue of bad inputs: {total} cases" in readme
    data_readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert f"catalogue of bad inputs in `tests/unit/test_validate.py` has {total} cases" in data_readme


@pytest.mark.parametrize("case_id, files, expected", CATALOGUE, ids=[c[0] for c in CATALOGUE])
def test_cli_prints_the_catalogue_lines_and_exits_1(tmp_path, capsys, case_id, files, expected):
    """In-process CLI for every entry: no exception escapes (so no traceback), exit 1, the lines."""
    data = make_data_dir(tmp_path, files)
    assert main(["validate", "--data", str(data)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == expected
    assert err.startswith(f"{len(expected)} problem(s) in ")


# -- the catalogue of inputs warned about: shown, but the data is still valid ---------------------

WARNED = [
    (
        "header-only facts file (adds no figures)",
        {"100_test.csv": GOOD, "101_empty.csv": HEADER + "\n"},
        ["data/101_empty.csv:1: -: warning: no rows below the header; the file adds nothing to the store"],
    ),
    (
        "header-only facts file with blank lines",
        {"100_test.csv": GOOD, "101_empty.csv": HEADER + "\n,,,\n\n"},
        ["data/101_empty.csv:1: -: warning: no rows below the header; the file adds nothing to the store"],
    ),
    (
        "a dataset of the figures without a title in datasets.csv (データ shows its section heading)",
        {"100_test.csv": GOOD, "datasets.csv": f"source,dataset,title\n{SRC},other,別のデータ\n"},
        [
            "data/100_test.csv:2: dataset: warning: dataset has no title in data/datasets.csv"
            " (データ shows its section heading) ('t')"
        ],
    ),
    (
        "a FIFO named like a CSV file is skipped, never opened (reading it would hang)",
        {"100_test.csv": GOOD, "101_pipe.csv": FIFO},
        ["data/101_pipe.csv:0: -: warning: a FIFO (named pipe), not a regular file; skipped without reading it"],
    ),
    (
        "a socket named like a CSV file is skipped",
        {"100_test.csv": GOOD, "101_socket.csv": SOCKET},
        ["data/101_socket.csv:0: -: warning: a socket, not a regular file; skipped without reading it"],
    ),
]


@pytest.mark.parametrize("case_id, files, expected", WARNED, ids=[c[0] for c in WARNED])
def test_warned_catalogue_cli_validate_prints_the_warnings_and_exits_0(tmp_path, case_id, files, expected):
    """A real process: a regression that opens a FIFO fails on the timeout instead of hanging the suite."""
    data = make_data_dir(tmp_path, files)
    proc = _cli("validate", "--data", str(data))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    checked = 1 + sum(content not in (FIFO, SOCKET) for content in files.values())  # sources.csv and the files
    assert proc.stdout.splitlines() == expected + [f"ok: {checked} files, 1 figures; {len(expected)} warning(s)"]
    assert proc.stderr == ""


def test_warnings_are_listed_beside_the_problems(tmp_path, capsys):
    data = make_data_dir(tmp_path, {"100_test.csv": csv_text([row(kind="x")]), "101_empty.csv": HEADER + "\n"})
    assert main(["validate", "--data", str(data)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{F}:2: kind: not one of 実績 目標 順位 ('x')",
        "data/101_empty.csv:1: -: warning: no rows below the header; the file adds nothing to the store",
    ]
    assert err == "1 problem(s) in 1 file(s); 3 file(s) checked; 1 warning(s)\n"


# -- all problems at once -------------------------------------------------------------


def test_every_problem_of_a_file_is_reported(tmp_path):
    data = make_data_dir(
        tmp_path,
        facts(
            row(kind="見込"),
            row(fiscal_year="2022", value="x"),
            row(fiscal_year="2021", printed=""),
        ),
    )
    assert problems(data) == [
        f"{F}:2: kind: not one of 実績 目標 順位 ('見込')",
        f"{F}:3: value: not a number ('x')",
        f"{F}:4: printed: a value needs the figure as printed",
    ]


def test_every_problem_of_one_row_is_reported(tmp_path):
    data = make_data_dir(tmp_path, facts(row(kind="見込", unit="kg", value="x", month="4")))
    assert problems(data) == [
        f"{F}:2: kind: not one of 実績 目標 順位 ('見込')",
        f"{F}:2: unit: not one of {UNITS_TEXT} ('kg')",
        f"{F}:2: month: basis 年度 takes no month ('4')",
        f"{F}:2: value: not a number ('x')",
    ]


def test_problems_of_several_files_come_sorted_by_file_and_line(tmp_path):
    data = make_data_dir(
        tmp_path,
        {
            "101_b.csv": csv_text([row(dataset="b"), row(dataset="b", fiscal_year="2022", scope="")]),
            "100_a.csv": csv_text([row(dataset="a", kind="x")]),
            "100_status.csv": f"{STATUS_HEADER}\n{SRC},s,t,群馬,m,2024,A,\n",
        },
    )
    assert problems(data) == [
        "data/100_a.csv:2: kind: not one of 実績 目標 順位 ('x')",
        "data/100_status.csv:2: status: not one of ◎ ○ △ × □ 達成 概ね達成 未達成 ('A')",
        "data/101_b.csv:3: scope: required value is empty",
    ]


def test_a_bad_row_does_not_hide_the_good_rows(tmp_path):
    data = make_data_dir(tmp_path, facts(row(), row(fiscal_year="2022", kind="x"), row(fiscal_year="2021")))
    result = validate_dir(data)
    assert [str(p) for p in result.problems] == [f"{F}:3: kind: not one of 実績 目標 順位 ('x')"]
    assert sorted(result.tables["raw_facts"]["fiscal_year"]) == [2021, 2023]


# -- harmless variants ------------------------------------------------------------------


def _only_fact(data: Path) -> dict:
    result = validate_dir(data)
    assert [str(p) for p in result.problems] == []
    frame = result.tables["raw_facts"]
    assert len(frame) == 1
    return frame.iloc[0].to_dict()


def test_accepts_utf8_with_bom(tmp_path):
    data = make_data_dir(tmp_path, {"100_test.csv": b"\xef\xbb\xbf" + good_bytes})
    rec = _only_fact(data)
    assert rec["source"] == SRC  # the BOM is not part of the first column's name or value
    assert rec["value"] == 100.0


def test_accepts_utf8_with_a_doubled_bom_and_no_invisible_column_name(tmp_path):
    data = make_data_dir(tmp_path, {"100_test.csv": b"\xef\xbb\xbf\xef\xbb\xbf" + good_bytes})
    result = validate_dir(data)
    assert [str(p) for p in result.problems + result.warnings] == []
    assert list(result.tables["raw_facts"].columns)[0] == "source"
    assert result.tables["raw_facts"].iloc[0]["source"] == SRC


def test_accepts_shift_jis_with_full_width_digits_separators_and_triangle(tmp_path):
    text = csv_text([row(metric="対前年増減数", fiscal_year="２０２３", value="△１，２３４", printed="△1,234")])
    data = make_data_dir(tmp_path, {"100_test.csv": text.encode("cp932")})
    rec = _only_fact(data)
    assert rec["value"] == -1234.0
    assert rec["fiscal_year"] == 2023
    assert rec["metric"] == "対前年増減数"
    assert rec["section"] == "テスト表"
    assert rec["printed"] == "△1,234"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1,234,567", 1234567.0),
        ("１２３，４５６", 123456.0),
        ("△1,234", -1234.0),
        ("▲5", -5.0),
        ("－7", -7.0),
        (" 42 ", 42.0),
    ],
)
def test_accepts_number_spellings(tmp_path, value, expected):
    data = make_data_dir(tmp_path, facts(row(value=value)))
    assert _only_fact(data)["value"] == expected


def test_accepts_header_in_full_width_and_upper_case(tmp_path):
    header = ["ＳＯＵＲＣＥ", "Section", "DATASET", " scope ", "Ｍｅｔｒｉｃ"] + COLUMNS[5:]
    data = make_data_dir(tmp_path, {"100_test.csv": csv_text([list(row().values())], header=header)})
    rec = _only_fact(data)
    assert rec["metric"] == "加入者数"


def test_accepts_crlf_blank_lines_and_era_years(tmp_path):
    text = csv_text([row(fiscal_year="令和5年度"), ["", "", ""], row(basis="時点", fiscal_year="R4年度", as_of="R5.3")])
    text = text.replace("\n", "\r\n")
    data = make_data_dir(tmp_path, {"100_test.csv": text})
    result = validate_dir(data)
    assert [str(p) for p in result.problems] == []
    frame = result.tables["raw_facts"]
    assert list(frame["fiscal_year"]) == [2023, 2022]
    assert str(frame["as_of"].iloc[1]) == "2023-03-31"


def test_accepts_full_width_vocabulary(tmp_path):
    data = make_data_dir(tmp_path, facts(row(metric="受診率", unit="％", value="95.0％", printed="95.0％")))
    rec = _only_fact(data)
    assert (rec["unit"], rec["value"]) == ("%", 95.0)


def test_accepts_change_rates_outside_0_100(tmp_path):
    data = make_data_dir(tmp_path, facts(row(metric="医療費の対前年伸び率", unit="%", value="△3.5", printed="△3.5%")))
    assert _only_fact(data)["value"] == -3.5


def test_accepts_empty_value_with_note(tmp_path):
    data = make_data_dir(tmp_path, facts(row(value="", printed="", note="資料に数値の記載なし")))
    rec = _only_fact(data)
    assert rec["value"] is None or rec["value"] != rec["value"]  # None or NaN


def test_accepts_totals_that_add_up_and_marked_discrepancies(tmp_path):
    data = make_data_dir(
        tmp_path,
        {
            "100_test.csv": csv_text(months([10] * 12) + [row(value="120", printed="120")]),
            "101_test.csv": csv_text(
                months([10] * 12, dataset="u")
                + [row(dataset="u", value="121", printed="121", note="【不一致】資料の印字どおり")]
            ),
            "102_test.csv": csv_text(
                months([10] * 12, dataset="v", metric="1件当たり金額", unit="円")
                + [row(dataset="v", metric="1件当たり金額", unit="円", value="10", printed="10")]
            ),
        },
    )
    assert problems(data) == []


def test_accepts_累計_that_falls_when_marked_or_not_additive(tmp_path):
    data = make_data_dir(
        tmp_path,
        facts(
            row(basis="累計", month="4", value="100"),
            row(basis="累計", month="5", value="90", note="【不一致】"),
            row(metric="平均所要日数", unit="日", basis="累計", month="4", value="9"),
            row(metric="平均所要日数", unit="日", basis="累計", month="5", value="8"),
            row(metric="受診率", unit="%", basis="累計", month="4", value="9"),
            row(metric="受診率", unit="%", basis="累計", month="5", value="8"),
        ),
    )
    assert problems(data) == []


def test_real_data_is_valid():
    result = validate_dir(DATA_DIR)
    assert [str(p) for p in result.problems] == []
    assert len(result.tables["raw_facts"]) > 1000


def test_no_csv_files(tmp_path):
    assert problems(tmp_path) == [f"{tmp_path}:0: -: no CSV files found"]
    assert problems(tmp_path / "absent") == [f"{tmp_path / 'absent'}:0: -: no CSV files found"]


def test_a_file_given_as_the_data_folder_is_named(tmp_path):
    path = tmp_path / "data.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert problems(path) == [f"{path}:0: -: cannot read the folder (Not a directory)"]


def test_unreadable_data_folder_says_permission_denied(tmp_path):
    """A real PermissionError from the OS: the folder is chmod 000 and the validator runs in a
    process that permission bits stop (root's override dropped), not 'no CSV files found'."""
    require_permission_bits()
    data = make_data_dir(tmp_path, facts(row()))
    data.chmod(0)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "kenpo", "validate", "--data", str(data)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=obey_permission_bits,
        )
    finally:
        data.chmod(0o755)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert proc.stdout.splitlines() == [f"{data}:0: -: cannot read the folder (Permission denied)"]
    assert "Traceback" not in proc.stderr


def test_other_folder_names_are_shown_as_given(tmp_path):
    data = tmp_path / "incoming"
    data.mkdir()
    (data / "100_test.csv").write_text(GOOD, encoding="utf-8")
    assert problems(data) == [f"{data / 'sources.csv'}:0: -: missing file: the catalogue of source documents"]


# -- the command line, as a user runs it ----------------------------------------------------


def _cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kenpo", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


CLI_CASES = [
    "unknown kind",
    "neither UTF-8 nor Shift_JIS (bad lead/trail pair): the line is named",
    "duplicate key across files",
    "sources.csv missing",
    "year of 400 digits",
    "month of 400 digits",
    "rank of 400 digits",
    "a folder named like a CSV file",
    "unclosed quote in a note: the rows after it are not swallowed (a 7-row file)",
    "one Shift_JIS row in a UTF-8 file",
    "zero-width space in scope",
    "Arabic-Indic digit in value (Python reads ٣ as 3)",
]


@pytest.mark.parametrize("case_id", CLI_CASES)
def test_cli_validate_bad_data_exits_1_and_prints_the_lines(tmp_path, case_id):
    _, files, expected = next(c for c in CATALOGUE if c[0] == case_id)
    data = make_data_dir(tmp_path, files)
    proc = _cli("validate", "--data", str(data))
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.splitlines() == expected
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"{len(expected)} problem(s) in ")


def test_cli_validate_good_data_exits_0(tmp_path):
    data = make_data_dir(tmp_path, facts(row()))
    proc = _cli("validate", "--data", str(data))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == "ok: 2 files, 1 figures"
    assert proc.stderr == ""


def test_cli_validate_real_data_exits_0(capsys):
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("ok: ") and out.rstrip().endswith(" figures")
    assert err == ""


# -- unreadable files, file names, the summary line, the Makefile ------------------------------


def test_unreadable_file_is_reported_not_raised(tmp_path, monkeypatch):
    data = make_data_dir(tmp_path, facts(row()))
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "100_test.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert problems(data) == [f"{F}:1: -: cannot read the file (Permission denied)"]


def test_broken_link_named_csv_is_reported(tmp_path):
    data = make_data_dir(tmp_path, facts(row()))
    os.symlink(tmp_path / "gone.csv", data / "101_link.csv")
    assert problems(data) == ["data/101_link.csv:1: -: cannot read the file (No such file or directory)"]


def test_sources_csv_in_upper_case_is_the_catalogue(tmp_path):
    data = make_data_dir(tmp_path, {"sources.csv": None, "Sources.CSV": REAL_SOURCES, "100_test.csv": GOOD})
    result = validate_dir(data)
    assert [str(p) for p in result.problems] == []
    assert sorted(result.files) == ["100_test.csv", "Sources.CSV"]
    assert len(result.tables["raw_sources"]) == len(REAL_SOURCES.splitlines()) - 1


def test_cli_summary_counts_the_files_with_problems_and_the_files_checked(tmp_path, capsys):
    data = make_data_dir(
        tmp_path,
        {
            "100_test.csv": csv_text([row(kind="x"), row(fiscal_year="2022", value="y")]),
            "101_test.csv": csv_text([row(dataset="u")]),
            "102_test.csv": csv_text([row(dataset="v")]),
        },
    )
    assert main(["validate", "--data", str(data)]) == 1
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 2
    assert err == "2 problem(s) in 1 file(s); 4 file(s) checked\n"


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize(
    "kenpo_db, store",
    [
        (None, "data/kenpo.duckdb"),
        ("", "data/kenpo.duckdb"),
        ("/srv/kenpo/other.duckdb", "/srv/kenpo/other.duckdb"),
    ],
)
def test_make_build_and_run_use_the_store_of_kenpo_db(kenpo_db, store):
    """The dashboard's error page says `make build` for the store it was started with ($KENPO_DB)."""
    env = {k: v for k, v in os.environ.items() if k not in ("KENPO_DB", "STORE", "MAKEFLAGS", "MFLAGS")}
    if kenpo_db is not None:
        env["KENPO_DB"] = kenpo_db
    for target, command in (("build", "python -m kenpo build"), ("run", "streamlit run server.py")):
        proc = subprocess.run(["make", "-n", target], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stderr
        lines = [line for line in proc.stdout.splitlines() if command in line]
        assert lines and all(line.startswith(f"KENPO_DB={store} ") for line in lines), proc.stdout
