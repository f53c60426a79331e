"""Reading the curated CSV files: from bytes to records, before any contract check.

The harmless variants a hand edit in Excel produces are accepted (UTF-8 with or without BOM,
Shift_JIS, a BOM saved twice, .CSV in any case); what cannot be read as one table is reported
on the line at fault: a file in two encodings, a quote left open, a row of the wrong length,
invisible characters and digits of other scripts. ``kenpo.build.validate`` checks the records
against the contracts of ``kenpo.contracts``.
"""

from __future__ import annotations

import csv
import io
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kenpo.build.parsing import normalise_text
from kenpo.contracts import is_csv_name

# (line, column, message, value seen): how a reader reports a problem or a warning
Report = Callable[..., None]


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
        raise Undecodable(
            neither[0] + 1,
            f"line is neither UTF-8 nor Shift_JIS (cp932), first bad byte "
            f"{_bad_byte(lines[neither[0]])}{_more(neither)}; save the file as CSV UTF-8",
        )
    utf8 = [i for i, kind in enumerate(kinds) if kind == "utf-8"]
    sjis = [i for i, kind in enumerate(kinds) if kind == "cp932"]
    if utf8 and sjis:
        few, many = (sjis, utf8) if len(sjis) <= len(utf8) else (utf8, sjis)
        names = {"utf-8": "UTF-8", "cp932": "Shift_JIS (cp932)"}
        raise Undecodable(
            few[0] + 1,
            f"the file mixes encodings: this line is {names[kinds[few[0]]]}, "
            f"line {many[0] + 1} is {names[kinds[many[0]]]}{_more(few)}; save the file as CSV UTF-8",
        )
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
                    yield (
                        first,
                        cells,
                        (f"unclosed quote: the quoted cell runs on to line {last}; a cell must end on its line"),
                    )
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
    return [
        ch
        for ch in dict.fromkeys(text)
        if unicodedata.category(ch) == "Cf"
        or (unicodedata.category(ch) == "Nd" and not ("0" <= ch <= "9" or "０" <= ch <= "９"))
    ]


def _odd_message(chars: list[str], what: str) -> str:
    """e.g. 'cell contains U+200B ZERO WIDTH SPACE (invisible); delete or retype it'."""
    names = []
    for ch in chars:
        name = f"U+{ord(ch):04X} {unicodedata.name(ch, '(unnamed)')}"
        names.append(
            f"{name} (invisible)"
            if unicodedata.category(ch) == "Cf"
            else f"{name} (a look-alike of {unicodedata.digit(ch)})"
        )
    return f"{what} contains {', '.join(names)}; delete or retype it"


def _without(text: str, chars: list[str]) -> str:
    return "".join(ch for ch in text if ch not in chars)


@dataclass
class Table:
    """A file's header (normalised column names), its good rows as (line, {column: cell}), and the
    rows skipped for their cell count or characters, kept so that sources.csv still names its sources."""

    header: list[str] = field(default_factory=list)
    rows: list[tuple[int, dict[str, str]]] = field(default_factory=list)
    malformed: list[tuple[int, list[str]]] = field(default_factory=list)


class _Reader:
    def __init__(self, columns: tuple[str, ...], problem: Report, warn: Report):
        self.columns, self.problem, self.warn = columns, problem, warn
        self.table = Table()

    def read(self, data: bytes) -> Table | None:
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
        missing = [c for c in self.columns if c not in header]
        extra = [h for h in header if h not in self.columns]
        dupes = sorted({h for h in header if header.count(h) > 1})
        for c in missing:
            self.problem(1, c, "missing column")
        for h in extra:
            self.problem(1, h or "(blank)", f"unknown column; expected {', '.join(self.columns)}")
        for h in dupes:
            self.problem(1, h, "column appears twice")
        if odd or missing or extra or dupes:
            return None
        self.table.header = header
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
                self.table.malformed.append((line, cells))
                continue
            odd = False
            for h, cell in zip(header, cells):
                found = _odd_characters(cell)
                if found:
                    odd = True
                    self.problem(line, h, _odd_message(found, "cell"), cell)
            if odd:
                self.table.malformed.append((line, cells))
                continue
            rows.append((line, {h: c.strip() for h, c in zip(header, cells)}))
        if not lines_read:
            self.warn(1, "-", "no rows below the header; the file adds nothing to the store")
        self.table.rows = rows
        return self.table

    def _opened_at(self, cells: list[str] | None) -> tuple[str, str | None]:
        """The column of the cell an unclosed quote opens, and its text up to the line break."""
        for i, cell in enumerate(cells or []):
            if "\n" in cell or "\r" in cell:
                column = self.table.header[i] if i < len(self.table.header) else "-"
                return column, '"' + re.split(r"\r|\n", cell, maxsplit=1)[0]
        return "-", None


def read_table(data: bytes, columns: tuple[str, ...], problem: Report, warn: Report) -> Table | None:
    """The records of a file whose header must name exactly ``columns``; None when the file cannot
    be read as such a table (every reason reported through ``problem``)."""
    return _Reader(columns, problem, warn).read(data)


def csv_files(data_dir: Path) -> list[Path]:
    """The CSV files of a folder, .csv in any case (Excel on Windows may write .CSV); none for a
    folder that does not exist. OSError for a folder that cannot be read (no permission, not a folder)."""
    try:
        return sorted(p for p in data_dir.iterdir() if is_csv_name(p.name))
    except FileNotFoundError:
        return []


_NOT_REGULAR = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def not_regular(path: Path) -> str | None:
    """What a path is when it is neither a file nor a folder (opening a FIFO blocks for ever)."""
    try:
        mode = path.stat().st_mode
    except OSError:  # a broken link: reported when the file is read
        return None
    return next((what for test, what in _NOT_REGULAR if test(mode)), None)
