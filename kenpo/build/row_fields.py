"""The fields of a catalogue row that take more than a required value: metrics.csv's page choices
(yes/no flags, the headline order) and metric_aliases.csv's kind and line. Each reads the row's
cells into the record and reports a bad one through the file's checker (``chk.problem``)."""

from __future__ import annotations

from kenpo import contracts as C
from kenpo.build.parsing import normalise_text, parse_number


def alias_fields(chk, line: int, row: dict, rec: dict) -> bool:
    """A metric_aliases.csv row's kind (one of C.ALIAS_KINDS) and line (a whole number from 1: the
    line of the document's text file the alias is printed on) into ``rec``; False after reporting."""
    ok = True
    if rec["kind"] and rec["kind"] not in C.ALIAS_KINDS:
        chk.problem(line, "kind", f"not one of {' '.join(C.ALIAS_KINDS)}", row["kind"])
        ok = False
    raw = row["line"]
    if raw.strip():
        try:
            number = parse_number(raw)
            if number != int(number) or number < 1:
                raise ValueError
            rec["line"] = int(number)
        except ValueError:
            chk.problem(line, "line", "a line of the document is a whole number from 1", raw)
            ok = False
    return ok


def metric_choices(chk, line: int, row: dict, rec: dict) -> bool:
    """A metrics.csv row's page choices into ``rec``: the yes/no flags (empty is no) and the
    headline order (a whole number from 1, or empty); False after reporting a bad one."""
    ok = True
    for col in C.METRIC_FLAGS:
        value = normalise_text(row[col]).lower()
        if value and value not in C.FLAGS:
            chk.problem(line, col, f"not one of {' '.join(C.FLAGS)} (empty is no)", row[col])
            ok = False
        rec[col] = value == "yes"
    raw, rec["headline_order"] = row["headline_order"], None
    if raw.strip():
        try:
            number = parse_number(raw)
            if number != int(number) or number < 1:
                raise ValueError
            rec["headline_order"] = int(number)
        except ValueError:
            chk.problem(line, "headline_order", "a headline order is a whole number from 1", raw)
            ok = False
    return ok
