"""What validation reports: a problem (or a warning) at a file, line and column, and the
validated tables with every problem found."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd


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
