"""Validation of the curated CSV files in data/, with one clear line per problem.

``validate_dir`` reads every CSV, accepts the harmless variants a hand edit in Excel
produces (UTF-8 with or without BOM, Shift_JIS, full-width digits, thousands
separators, △/▲ minus) and returns normalised tables plus every problem found, each
as ``file:line: column: what is wrong (value seen)``. Warnings (a file skipped, a file
that adds nothing) take the same form, marked ``warning:``, and do not stop a build.
"""
from __future__ import annotations

import csv
import io
import re
import stat
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kenpo import contracts as C
from kenpo.parsing import (
    fiscal_month_index,
    fiscal_year_of,
    normalise_text,
    parse_as_of,
    parse_fiscal_year,
    parse_number,
    parse_quantity,
)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    message: str
    value: str | None = None
    warning: bool = False  # shown, but no reason to refuse the data

    def __str__(self) -> str:
        seen = "" if self.value is None else f" ({self.value!r})"
        mark = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}: {self.column}: {mark}{self.message}{seen}"


@dataclass
class Validated:
    """Normalised tables, ready to load, and the problems found."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# Python's cp932 codec maps the single bytes 0x80, 0xA0 and 0xFD-0xFF, which Shift_JIS does
# not define, to U+0080 and U+F8F0-U+F8F3; real Shift_JIS text never holds these characters,
# and a Latin-1 / Windows-1252 file would otherwise be read as silent mojibake.
_NOT_SHIFT_JIS = ("\x80", "\uf8f0", "\uf8f1", "\uf8f2", "\uf8f3")


class Undecodable(ValueError):
    """A file that is not text in one encoding: the first line at fault and what is wrong."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


_LINE_BREAK = re.compile(rb"\r\n|\r|\n")  # as io.StringIO(newline="") splits; never inside a cp932 character
_BOM = b"\xef\xbb\xbf"


def _line_encoding(line: bytes, first: bool) -> str | None:
    """'ascii', 'utf-8' or 'cp932' for one line of bytes, None for neither."""
    if first and line.startswith(_BOM):  # a UTF-8 BOM says the file is UTF-8
        line = line.lstrip(_BOM)
        try:
            line.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            return None
    if line.isascii():
        return "ascii"
    for encoding in ("utf-8", "cp932"):
        try:
            text = line.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp932" and any(ch in text for ch in _NOT_SHIFT_JIS):
            return None
        return encoding
    return None


def _bad_byte(line: bytes) -> str:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"0x{line[exc.start]:02X}"
    return "?"


def _more(lines: list[int]) -> str:
    return "" if len(lines) == 1 else f"; {len(lines) - 1} more line(s) like it"


def decode(data: bytes) -> tuple[str, str]:
    """Decode a file as UTF-8 (BOM or not) or, failing that, Shift_JIS (cp932).

    Raises Undecodable naming the first line that is neither, or, in a file whose lines mix
    the two (rows pasted from another file), the first line of the fewer kind.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError:
        pass
    lines = _LINE_BREAK.split(data)
    kinds = [_line_encoding(line, i == 0) for i, line in enumerate(lines)]
    neither = [i for i, kind in enumerate(kinds) if kind is None]
    if neither:
        raise Undecodable(neither[0] + 1, f"line is neither UTF-8 nor Shift_JIS (cp932), first bad byte "
                          f"{_bad_byte(lines[neither[0]])}{_more(neither)}; save the file as CSV UTF-8")
    utf8 = [i for i, kind in enumerate(kinds) if kind == "utf-8"]
    sjis = [i for i, kind in enumerate(kinds) if kind == "cp932"]
    if utf8 and sjis:
        few, many = (sjis, utf8) if len(sjis) <= len(utf8) else (utf8, sjis)
        names = {"utf-8": "UTF-8", "cp932": "Shift_JIS (cp932)"}
        raise Undecodable(few[0] + 1, f"the file mixes encodings: this line is {names[kinds[few[0]]]}, "
                          f"line {many[0] + 1} is {names[kinds[many[0]]]}{_more(few)}; save the file as CSV UTF-8")
    return data.decode("cp932"), "cp932"


# The contract has no multi-line cells: a record that runs over a line break has a quote that
# was never closed on its line (csv would swallow the rows after it into one cell).
_EOF = "\n"  # a blank line read after the last: a record that takes it in was never closed


def _records(text: str):
    """Every record of a CSV text as (line, cells, fault): the physical line it starts on, its
    cells (None when unreadable) and why it is refused as a whole (None for a good record).

    After a quote that is never closed the reading resumes on the next line, so the rows the
    quote would have swallowed are read (and checked) as the rows they are.
    """
    lines = io.StringIO(text, newline="").readlines()
    start = 0  # index of the first line the current reader reads
    while start < len(lines):
        reader = csv.reader(lines[start:] + [_EOF])
        done = 0  # lines of this reader taken by the records before
        try:
            for cells in reader:
                first, last = start + done + 1, start + reader.line_num
                done = reader.line_num
                if first > len(lines):
                    return
                if last == first:
                    yield first, cells, None
                elif last > len(lines):
                    yield first, cells, "unclosed quote: the quoted cell is never closed; a cell must end on its line"
                    start = first
                    break
                else:
                    yield first, cells, (f"unclosed quote: the quoted cell runs on to line {last}; "
                                         "a cell must end on its line")
            else:
                return
        except csv.Error as exc:
            first = start + done + 1
            if start + reader.line_num > first:
                yield first, None, "unclosed quote: the quoted cell is never closed; a cell must end on its line"
            else:
                yield first, None, f"unreadable CSV: {exc}"
            start = first


# Characters that change what a cell means without showing: zero-width and bidirectional
# controls and every other format character (Unicode category Cf: U+200B-U+200D, U+2060,
# U+FEFF, U+200E/U+200F, U+202A-U+202E, U+2066-U+2069 …), and digits of other scripts that
# Python reads as numbers (Arabic-Indic ٣ is 3). Full-width ０-９ are the harmless kind.
def _odd_characters(text: str) -> list[str]:
    """The invisible and look-alike characters of a text, each once, in order."""
    return [ch for ch in dict.fromkeys(text) if unicodedata.category(ch) == "Cf" or (
        unicodedata.category(ch) == "Nd" and not ("0" <= ch <= "9" or "０" <= ch <= "９"))]


def _odd_message(chars: list[str], what: str) -> str:
    """e.g. 'cell contains U+200B ZERO WIDTH SPACE (invisible); delete or retype it'."""
    names = []
    for ch in chars:
        name = f"U+{ord(ch):04X} {unicodedata.name(ch, '(unnamed)')}"
        names.append(f"{name} (invisible)" if unicodedata.category(ch) == "Cf"
                     else f"{name} (a look-alike of {unicodedata.digit(ch)})")
    return f"{what} contains {', '.join(names)}; delete or retype it"


def _without(text: str, chars: list[str]) -> str:
    return "".join(ch for ch in text if ch not in chars)


class _FileChecker:
    def __init__(self, name: str, kind: C.FileKind, problems: list[Problem], warnings: list[Problem] | None = None):
        self.name, self.kind, self.problems = name, kind, problems
        self.warnings = [] if warnings is None else warnings
        # Rows skipped for their cell count, kept so that sources.csv still names its sources.
        self.header: list[str] = []
        self.malformed: list[tuple[int, list[str]]] = []

    def problem(self, line: int, column: str, message: str, value: str | None = None) -> None:
        self.problems.append(Problem(self.name, line, column, message, value))

    def warn(self, line: int, column: str, message: str, value: str | None = None) -> None:
        self.warnings.append(Problem(self.name, line, column, message, value, warning=True))

    def read(self, data: bytes) -> list[tuple[int, dict[str, str]]] | None:
        if b"\x00" in data:  # before decoding: UTF-16 would otherwise pass as cp932 mojibake
            self.problem(1, "-", "file contains NUL bytes (UTF-16 or not a text file); save it as CSV UTF-8")
            return None
        try:
            text, _ = decode(data)
        except Undecodable as exc:
            self.problem(exc.line, "-", exc.message)
            return None
        # A BOM saved twice (a UTF-8 file opened and saved again as UTF-8 with BOM) is no part
        # of the first column's name.
        records = _records(text.lstrip("\ufeff"))
        try:
            _, header, fault = next(records)
        except StopIteration:
            self.problem(1, "-", "file is empty; expected a header row")
            return None
        if fault is not None:
            self.problem(1, "-", fault)
            return None
        odd = False
        for h in header:
            found = _odd_characters(h)
            if found:
                odd = True
                name = normalise_text(_without(h, found)).lower()
                self.problem(1, name or "(blank)", _odd_message(found, "column name"), h)
        header = [normalise_text(_without(h, _odd_characters(h))).lower() for h in header]
        missing = [c for c in self.kind.columns if c not in header]
        extra = [h for h in header if h not in self.kind.columns]
        dupes = sorted({h for h in header if header.count(h) > 1})
        for c in missing:
            self.problem(1, c, "missing column")
        for h in extra:
            self.problem(1, h or "(blank)", f"unknown column; expected {', '.join(self.kind.columns)}")
        for h in dupes:
            self.problem(1, h, "column appears twice")
        if odd or missing or extra or dupes:
            return None
        self.header = header
        rows: list[tuple[int, dict[str, str]]] = []
        lines_read = 0
        for line, cells, fault in records:
            if fault is None and not any(c.strip() for c in cells):
                continue
            lines_read += 1
            if fault is not None:
                column, opened = self._opened_at(cells)
                self.problem(line, column, fault, opened)
                continue
            if len(cells) != len(header):
                self.problem(line, "-", f"row has {len(cells)} cells, header has {len(header)}")
                self.malformed.append((line, cells))
                continue
            odd = False
            for h, cell in zip(header, cells):
                found = _odd_characters(cell)
                if found:
                    odd = True
                    self.problem(line, h, _odd_message(found, "cell"), cell)
            if odd:
                self.malformed.append((line, cells))
                continue
            rows.append((line, {h: c.strip() for h, c in zip(header, cells)}))
        if not lines_read:
            self.warn(1, "-", "no rows below the header; the file adds nothing to the store")
        return rows

    def _opened_at(self, cells: list[str] | None) -> tuple[str, str | None]:
        """The column of the cell an unclosed quote opens, and its text up to the line break."""
        for i, cell in enumerate(cells or []):
            if "\n" in cell or "\r" in cell:
                column = self.header[i] if i < len(self.header) else "-"
                return column, '"' + re.split(r"\r|\n", cell, maxsplit=1)[0]
        return "-", None

    # -- field parsers: return None after recording a problem -------------------------
    def required(self, line: int, row: dict, column: str, normalise: bool = False) -> str | None:
        # Labels keep the document's own spelling; vocabulary fields are NFKC-normalised (％ -> %).
        value = normalise_text(row[column]) if normalise else row[column].strip()
        if not value:
            self.problem(line, column, "required value is empty")
            return None
        return value

    def vocab(self, line: int, row: dict, column: str, allowed: tuple[str, ...]) -> str | None:
        value = self.required(line, row, column, normalise=True)
        if value is not None and value not in allowed:
            self.problem(line, column, f"not one of {' '.join(allowed)}", row[column])
            return None
        return value

    def year(self, line: int, row: dict) -> int | None:
        raw = row["fiscal_year"]
        if not raw.strip():
            self.problem(line, "fiscal_year", "required value is empty")
            return None
        try:
            number = parse_number(raw)
            if number != int(number):
                raise ValueError
            year = int(number)
        except ValueError:
            try:
                year = parse_fiscal_year(raw)
            except ValueError:
                self.problem(line, "fiscal_year", "not a year (e.g. 2023 or 令和5年度)", raw)
                return None
        lo, hi = C.YEAR_RANGE
        if not lo <= year <= hi:
            self.problem(line, "fiscal_year", f"year outside {lo}–{hi}", raw)
            return None
        return year


def _check_facts(chk: _FileChecker, rows, sources: set[str] | None) -> list[dict]:
    out = []
    for line, row in rows:
        ok = True
        rec: dict = {}
        for col in ("source", "section", "dataset", "scope", "metric"):
            rec[col] = chk.required(line, row, col)
            ok &= rec[col] is not None
        if rec["source"] and sources is not None and rec["source"] not in sources:
            chk.problem(line, "source", "unknown source document (not in data/sources.csv)", row["source"])
            ok = False
        rec["kind"] = chk.vocab(line, row, "kind", C.KINDS)
        rec["basis"] = chk.vocab(line, row, "basis", C.BASES)
        rec["unit"] = chk.vocab(line, row, "unit", C.UNITS)
        rec["fiscal_year"] = chk.year(line, row)
        ok &= None not in (rec["kind"], rec["basis"], rec["unit"], rec["fiscal_year"])
        # month
        raw_month = row["month"]
        rec["month"] = None
        if raw_month.strip():
            try:
                m = parse_number(raw_month)
                if m != int(m) or not 1 <= m <= 12:
                    raise ValueError
                rec["month"] = int(m)
            except ValueError:
                chk.problem(line, "month", "month must be a whole number 1–12", raw_month)
                ok = False
        if rec["basis"] in ("単月", "累計") and rec["month"] is None and raw_month.strip() == "":
            chk.problem(line, "month", f"basis {rec['basis']} needs a month")
            ok = False
        if rec["basis"] == "年度" and rec["month"] is not None:
            chk.problem(line, "month", "basis 年度 takes no month", raw_month)
            ok = False
        # as_of
        raw_as_of = row["as_of"]
        rec["as_of"] = None
        if raw_as_of.strip():
            try:
                rec["as_of"] = parse_as_of(raw_as_of)
            except ValueError:
                chk.problem(line, "as_of", "not a date (YYYY-MM-DD or e.g. 令和3年3月末)", raw_as_of)
                ok = False
            lo, hi = C.YEAR_RANGE
            if rec["as_of"] is not None and not lo <= rec["as_of"].year <= hi:
                chk.problem(line, "as_of", f"year outside {lo}–{hi}", raw_as_of)
                rec["as_of"] = None  # reported here, not again as a fiscal_year mismatch
                ok = False
        if rec["basis"] == "時点" and not raw_as_of.strip():
            chk.problem(line, "as_of", "basis 時点 needs an as_of date")
            ok = False
        if rec["basis"] == "時点" and rec["as_of"] and rec["fiscal_year"] and fiscal_year_of(rec["as_of"]) != rec["fiscal_year"]:
            chk.problem(line, "fiscal_year", f"as_of {rec['as_of']} lies in fiscal year {fiscal_year_of(rec['as_of'])}", row["fiscal_year"])
            ok = False
        # value
        raw_value = row["value"]
        rec["note"] = row["note"].strip() or None
        rec["printed"] = row["printed"].strip() or None
        rec["value"] = None
        if raw_value.strip():
            try:
                rec["value"] = parse_number(raw_value)
            except ValueError as exc:
                reason = str(exc)
                message = "not a number" if reason == "not a number" else f"not a number: {reason}"
                chk.problem(line, "value", message, raw_value)
                ok = False
            if rec["printed"] is None:
                chk.problem(line, "printed", "a value needs the figure as printed")
                ok = False
        elif rec["printed"] is not None and _is_figure(rec["printed"]):
            # A note explains a category printed without a number (中止, 前年度以上), never a
            # number left out: the value was emptied by mistake.
            chk.problem(line, "value", "empty value, but the printed figure is a number", rec["printed"])
            ok = False
        elif rec["note"] is None:
            chk.problem(line, "value", "empty value needs a note saying why")
            ok = False
        if (
            rec["value"] is not None and rec["unit"] == "%" and rec["metric"]
            and not C.CHANGE_RATE.search(rec["metric"]) and not 0 <= rec["value"] <= 100
        ):
            chk.problem(line, "value", "percentage outside 0–100", raw_value)
            ok = False
        if rec["kind"] == "順位" and rec["value"] is not None and (rec["value"] < 1 or rec["value"] != int(rec["value"])):
            chk.problem(line, "value", "a rank is a whole number from 1", raw_value)
            ok = False
        if ok:
            out.append({**rec, "_line": line, "_raw_value": raw_value})
    return out


def _is_figure(printed: str) -> bool:
    """Whether printed text reads as a number, bare ('69.7', '△1', '95.0%') or with a unit ('4,037万人')."""
    for parse in (parse_number, parse_quantity):
        try:
            parse(printed)
        except ValueError:
            continue
        return True
    return False


def _fmt(value: float) -> str:
    """A figure in a message: 1442000 not 1.442e+06, 94.3 as it is."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _check_keys(chk: _FileChecker, recs: list[dict], key: tuple[str, ...], seen: dict) -> None:
    for rec in recs:
        k = tuple(rec[c] for c in key)
        if k in seen:
            file, first = seen[k]
            where = f"line {first}" if file == chk.name else f"{file}:{first}"
            chk.problem(rec["_line"], "-", f"duplicate row: same {', '.join(key)} as {where}",
                        " / ".join("" if v is None else str(v) for v in k))
        else:
            seen[k] = (chk.name, rec["_line"])


def _check_series(problems: list[Problem], facts: list[dict]) -> None:
    """Cross-row rules: 累計 counts never fall; a printed total equals its 12 months."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in facts:
        groups[(r["source"], r["dataset"], r["scope"], r["metric"], r["kind"], r["fiscal_year"])].append(r)
    for rows in groups.values():
        if rows[0]["unit"] not in C.ADDITIVE_UNITS or C.NON_ADDITIVE_METRIC.search(rows[0]["metric"]):
            continue
        cum = sorted((r for r in rows if r["basis"] == "累計" and r["value"] is not None),
                     key=lambda r: fiscal_month_index(r["month"]))
        for prev, cur in zip(cum, cum[1:]):
            if cur["value"] < prev["value"] and C.DISCREPANCY_MARK not in (cur["note"] or ""):
                problems.append(Problem(cur["_file"], cur["_line"], "value",
                    f"累計 falls from {_fmt(prev['value'])} ({prev['month']}月, "
                    f"{'line ' if prev['_file'] == cur['_file'] else prev['_file'] + ':'}{prev['_line']}) "
                    f"to {_fmt(cur['value'])} ({cur['month']}月)",
                    cur["_raw_value"]))
        months = {r["month"]: r for r in rows if r["basis"] == "単月" and r["value"] is not None}
        totals = [r for r in rows if r["basis"] == "年度" and r["value"] is not None]
        if len(months) == 12 and len(totals) == 1:
            total = totals[0]
            parts = sum(r["value"] for r in months.values())
            if abs(parts - total["value"]) > 1e-6 and C.DISCREPANCY_MARK not in (total["note"] or ""):
                problems.append(Problem(total["_file"], total["_line"], "value",
                    f"printed total {_fmt(total['value'])} differs from the sum of its 12 months {_fmt(round(parts, 9))} "
                    f"(if the document prints it so, say {C.DISCREPANCY_MARK} in note)", total["_raw_value"]))


def _check_simple(chk: _FileChecker, rows, kind: C.FileKind, sources: set[str] | None = None) -> list[dict]:
    out = []
    for line, row in rows:
        ok = True
        rec: dict = {}
        for col in kind.columns:
            value = row[col].strip()
            if col in ("direction", "status"):
                value = normalise_text(value)
            rec[col] = value or None
        required = {
            "status": ("source", "section", "dataset", "scope", "metric", "fiscal_year", "status"),
            "metrics": ("source", "metric", "direction"),
            "sources": ("source", "title"),
        }[kind.name]
        for col in required:
            if rec[col] is None:
                chk.problem(line, col, "required value is empty")
                ok = False
        if kind is C.STATUS:
            rec["fiscal_year"] = chk.year(line, row) if row["fiscal_year"].strip() else None
            ok &= rec["fiscal_year"] is not None
            if rec["status"] and rec["status"] not in C.STATUSES:
                chk.problem(line, "status", f"not one of {' '.join(C.STATUSES)}", row["status"])
                ok = False
        if sources is not None and kind in (C.STATUS, C.METRICS):
            for col in ("source", "national_source"):
                if rec.get(col) and rec[col] not in sources:
                    chk.problem(line, col, "unknown source document (not in data/sources.csv)", row[col])
                    ok = False
        if kind is C.METRICS and rec["direction"] and rec["direction"] not in C.DIRECTIONS:
            chk.problem(line, "direction", f"not one of {' '.join(C.DIRECTIONS)}", row["direction"])
            ok = False
        if ok:
            out.append({**rec, "_line": line})
    return out


def _display_name(data_dir: Path, path: Path) -> str:
    """data/NAME for the project's own folder, else the path as given."""
    return f"data/{path.name}" if data_dir.name == "data" else str(path)


def _source_names(chk: _FileChecker, rows: list[tuple[int, dict[str, str]]]) -> set[str]:
    """Every source named in sources.csv, also on rows with other problems: a blank title or a
    stray comma in one row is reported once there, not as an unknown source on every row citing it."""
    names = {row["source"].strip() for _, row in rows}
    if "source" in chk.header:
        at = chk.header.index("source")
        names |= {cells[at].strip() for _, cells in chk.malformed if len(cells) > at}
    return names - {""}


def _csv_files(data_dir: Path) -> list[Path]:
    """The CSV files of a folder, .csv in any case (Excel on Windows may write .CSV); none for a
    folder that does not exist. OSError for a folder that cannot be read (no permission, not a folder)."""
    try:
        return sorted(p for p in data_dir.iterdir() if C.is_csv_name(p.name))
    except FileNotFoundError:
        return []


_NOT_REGULAR = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"),
                (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def _not_regular(path: Path) -> str | None:
    """What a path is when it is neither a file nor a folder (opening a FIFO blocks for ever)."""
    try:
        mode = path.stat().st_mode
    except OSError:  # a broken link: reported when the file is read
        return None
    return next((what for test, what in _NOT_REGULAR if test(mode)), None)


def validate_dir(data_dir: Path) -> Validated:
    """Validate every CSV in ``data_dir``; return normalised tables and all problems."""
    data_dir = Path(data_dir)
    result = Validated()
    try:
        files = _csv_files(data_dir)
    except OSError as exc:
        result.problems.append(Problem(str(data_dir), 0, "-",
                                       f"cannot read the folder ({exc.strerror or type(exc).__name__})"))
        return result
    if not files:
        result.problems.append(Problem(str(data_dir), 0, "-", "no CSV files found"))
        return result
    by_kind: dict[str, list[dict]] = defaultdict(list)
    checkers = {}
    # sources.csv first: fact rows are checked against it.
    files.sort(key=lambda p: C.kind_of_file(p.name) is not C.SOURCES)
    sources: set[str] | None = None
    for path in files:
        name = _display_name(data_dir, path)
        kind = C.kind_of_file(path.name)
        chk = _FileChecker(name, kind, result.problems, result.warnings)
        what = _not_regular(path)
        if what is not None:  # never opened: reading a FIFO waits for a writer that never comes
            chk.warn(0, "-", f"{what}, not a regular file; skipped without reading it")
            continue
        checkers[kind.name] = chk
        result.files.append(path.name)
        try:
            data = path.read_bytes()
        except OSError as exc:  # a folder named *.csv, no permission, a broken link
            chk.problem(1, "-", f"cannot read the file ({exc.strerror or type(exc).__name__})")
            continue
        rows = chk.read(data)
        if rows is None:
            continue
        if kind is C.FACTS:
            recs = _check_facts(chk, rows, sources)
        else:
            recs = _check_simple(chk, rows, kind, sources)
        if kind is C.SOURCES:
            sources = (sources or set()) | _source_names(chk, rows)
        for r in recs:
            r["_file"] = name
        by_kind[kind.name].extend(recs)
    if not any(C.kind_of_file(f) is C.SOURCES for f in result.files):
        result.problems.append(Problem(_display_name(data_dir, data_dir / "sources.csv"), 0, "-",
                                       "missing file: the catalogue of source documents"))
    for kind in (C.FACTS, C.STATUS, C.METRICS, C.SOURCES):
        seen: dict = {}
        # Key checks need the file of each record; group by file to report against it.
        for r in by_kind[kind.name]:
            chk = _FileChecker(r["_file"], kind, result.problems)
            _check_keys(chk, [r], kind.key, seen)
    _check_series(result.problems, by_kind["facts"])
    for kind in (C.FACTS, C.STATUS, C.METRICS, C.SOURCES):
        # Facts keep where they were read (file and line): the order a document prints its rows in.
        extra = ("data_file", "data_line") if kind is C.FACTS else ()
        columns = list(kind.columns) + list(extra)
        frame = pd.DataFrame(
            [{**{c: r[c] for c in kind.columns}, **({"data_file": Path(r["_file"]).name, "data_line": r["_line"]} if extra else {})}
             for r in by_kind[kind.name]], columns=columns)
        result.tables[kind.table] = frame
    result.problems.sort(key=lambda p: (p.file, p.line))
    result.warnings.sort(key=lambda p: (p.file, p.line))
    return result
