"""Validation of the curated CSV files in data/, with one clear line per problem.

``validate_dir`` reads every CSV, accepts the harmless variants a hand edit in Excel
produces (UTF-8 with or without BOM, Shift_JIS, full-width digits, thousands
separators, △/▲ minus) and returns normalised tables plus every problem found, each
as ``file:line: column: what is wrong (value seen)``. Warnings (a file skipped, a file
that adds nothing) take the same form, marked ``warning:``, and do not stop a build.
Reading bytes into records (encodings, quotes, invisible characters) is ``kenpo.build.csv_reading``'s;
``decode`` and ``Undecodable`` are importable from here as before.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd

from kenpo import contracts as C
from kenpo.build.cross_checks import (
    check_aliases,
    check_dataset_titles,
    check_headline_orders,
    check_series,
    check_short_titles,
)
from kenpo.build.csv_reading import Undecodable, csv_files, decode, not_regular, read_table
from kenpo.build.parsing import (
    fiscal_year_of,
    normalise_text,
    parse_as_of,
    parse_fiscal_year,
    parse_number,
    parse_quantity,
    printed_form,
)
from kenpo.build.problems import Problem, Validated
from kenpo.build.row_fields import alias_fields, metric_choices

__all__ = ["Problem", "Undecodable", "Validated", "decode", "validate_dir"]


class _FileChecker:
    def __init__(self, name: str, kind: C.FileKind, problems: list[Problem], warnings: list[Problem] | None = None):
        self.name, self.kind, self.problems = name, kind, problems
        self.warnings = [] if warnings is None else warnings
        # Rows skipped for their cell count, kept so that sources.csv still names its sources.
        self.header: list[str] = []
        self.malformed: list[tuple[int, list[str]]] = []

    def read(self, data: bytes) -> list[tuple[int, dict[str, str]]] | None:
        """The file's good rows as (line, {column: cell}); None when it cannot be read as a table
        with the contract's columns (every reason reported)."""
        table = read_table(data, self.kind.columns, self.problem, self.warn)
        if table is None:
            return None
        self.header, self.malformed = table.header, table.malformed
        return table.rows

    def problem(self, line: int, column: str, message: str, value: str | None = None) -> None:
        self.problems.append(Problem(self.name, line, column, message, value))

    def warn(self, line: int, column: str, message: str, value: str | None = None) -> None:
        self.warnings.append(Problem(self.name, line, column, message, value, warning=True))

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
        if (
            rec["basis"] == "時点"
            and rec["as_of"]
            and rec["fiscal_year"]
            and fiscal_year_of(rec["as_of"]) != rec["fiscal_year"]
        ):
            chk.problem(
                line,
                "fiscal_year",
                f"as_of {rec['as_of']} lies in fiscal year {fiscal_year_of(rec['as_of'])}",
                row["fiscal_year"],
            )
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
            rec["value"] is not None
            and rec["unit"] == "%"
            and rec["metric"]
            and not C.CHANGE_RATE.search(rec["metric"])
            and not 0 <= rec["value"] <= 100
        ):
            chk.problem(line, "value", "percentage outside 0–100", raw_value)
            ok = False
        if (
            rec["kind"] == "順位"
            and rec["value"] is not None
            and (rec["value"] < 1 or rec["value"] != int(rec["value"]))
        ):
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


def _check_keys(chk: _FileChecker, recs: list[dict], key: tuple[str, ...], seen: dict) -> None:
    for rec in recs:
        k = tuple(rec[c] for c in key)
        if k in seen:
            file, first = seen[k]
            where = f"line {first}" if file == chk.name else f"{file}:{first}"
            chk.problem(
                rec["_line"],
                "-",
                f"duplicate row: same {', '.join(key)} as {where}",
                " / ".join("" if v is None else str(v) for v in k),
            )
        else:
            seen[k] = (chk.name, rec["_line"])


def _check_simple(chk: _FileChecker, rows, kind: C.FileKind, sources: set[str] | None = None) -> list[dict]:
    out = []
    for line, row in rows:
        ok = True
        rec: dict = {}
        for col in kind.columns:
            value = row[col].strip()
            if col in ("direction", "status", "kind"):
                value = normalise_text(value)
            rec[col] = value or None
        required = {
            "status": ("source", "section", "dataset", "scope", "metric", "fiscal_year", "status"),
            "metrics": ("source", "metric", "direction"),
            "sources": ("source", "title", "short_title"),
            "datasets": ("source", "dataset", "title"),
            "aliases": ("source", "metric", "alias", "kind", "section", "line"),
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
        if kind is C.ALIASES:
            ok &= alias_fields(chk, line, row, rec)
        if sources is not None and kind in (C.STATUS, C.METRICS, C.DATASETS, C.ALIASES):
            for col in ("source", "national_source"):
                if rec.get(col) and rec[col] not in sources:
                    chk.problem(line, col, "unknown source document (not in data/sources.csv)", row[col])
                    ok = False
        if kind is C.METRICS and rec["direction"] and rec["direction"] not in C.DIRECTIONS:
            chk.problem(line, "direction", f"not one of {' '.join(C.DIRECTIONS)}", row["direction"])
            ok = False
        if kind is C.METRICS:
            ok &= metric_choices(chk, line, row, rec)
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


def validate_dir(data_dir: Path) -> Validated:
    """Validate every CSV in ``data_dir``; return normalised tables and all problems."""
    data_dir = Path(data_dir)
    result = Validated()
    try:
        files = csv_files(data_dir)
    except OSError as exc:
        result.problems.append(
            Problem(str(data_dir), 0, "-", f"cannot read the folder ({exc.strerror or type(exc).__name__})")
        )
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
        what = not_regular(path)
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
        result.problems.append(
            Problem(
                _display_name(data_dir, data_dir / "sources.csv"),
                0,
                "-",
                "missing file: the catalogue of source documents",
            )
        )
    for kind in C.FILE_KINDS:
        seen: dict = {}
        # Key checks need the file of each record; group by file to report against it.
        for r in by_kind[kind.name]:
            chk = _FileChecker(r["_file"], kind, result.problems)
            _check_keys(chk, [r], kind.key, seen)
    report = lambda *problem: result.problems.append(Problem(*problem))  # noqa: E731
    check_series(by_kind["facts"], report)
    check_headline_orders(by_kind["metrics"], report)
    check_short_titles(by_kind["sources"], report)
    warn = lambda *w: result.warnings.append(Problem(*w, warning=True))  # noqa: E731
    check_aliases(by_kind["aliases"], by_kind["facts"], report, warn)
    if by_kind["datasets"]:  # a dataset without a title is a warning: データ shows its section heading
        check_dataset_titles(by_kind["datasets"], by_kind["facts"], report, warn)
    for kind in C.FILE_KINDS:
        # Facts keep where they were read (file and line): the order a document prints its rows in;
        # and the scale and decimals they were printed in (kenpo.build.parsing.printed_form).
        extra = ("data_file", "data_line", "printed_scale", "printed_decimals") if kind is C.FACTS else ()
        rows = by_kind[kind.name]
        for r in rows if extra else ():
            r["data_file"], r["data_line"] = Path(r["_file"]).name, r["_line"]
            r["printed_scale"], r["printed_decimals"] = printed_form(r["printed"], r["value"])
        columns = list(kind.columns) + list(extra)
        frame = pd.DataFrame([{c: r[c] for c in columns} for r in rows], columns=columns)
        result.tables[kind.table] = frame
    result.problems.sort(key=lambda p: (p.file, p.line))
    result.warnings.sort(key=lambda p: (p.file, p.line))
    return result
