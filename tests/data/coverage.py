"""Coverage of the source documents: every number a document prints is in `facts`.

Every number token of a document (after NFKC normalisation) must appear among the
number tokens of the `printed` column of that document's rows in data/, or be listed
in tests/data/coverage/NNN.tsv as not a figure (page numbers, item numbers, dates used
as labels …) with a reason.

    python tests/data/coverage.py 002     # list uncovered tokens with their context
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
IGNORED = Path(__file__).resolve().parent / "coverage"
TOKEN = re.compile(r"\d+:\d{2}|\d[\d,]*(?:\.\d+)?")


def tokens(text: str) -> list[tuple[str, int]]:
    text = unicodedata.normalize("NFKC", text)
    out = []
    for m in TOKEN.finditer(text):
        tok = m.group(0).rstrip(",")
        out.append((tok, m.start()))
    return out


def document(prefix: str) -> tuple[str, str]:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.name, path.read_text(encoding="utf-8")


def printed_tokens(source: str) -> set[str]:
    found: set[str] = set()
    for path in sorted((ROOT / "data").glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("source") == source and row.get("printed"):
                    found.update(t for t, _ in tokens(row["printed"]))
    return found


def ignored_tokens(prefix: str) -> dict[str, str]:
    path = IGNORED / f"{prefix}.tsv"
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("token\t"):
            token, _, reason = line.partition("\t")
            out[unicodedata.normalize("NFKC", token.strip())] = reason.strip()
    return out


def uncovered(prefix: str) -> list[tuple[str, str]]:
    """(token, context) of each distinct document token neither printed in data/ nor ignored."""
    source, text = document(prefix)
    norm = unicodedata.normalize("NFKC", text)
    covered = printed_tokens(source) | set(ignored_tokens(prefix))
    seen, out = set(), []
    for tok, pos in tokens(text):
        if tok in covered or tok in seen:
            continue
        seen.add(tok)
        context = norm[max(0, pos - 30) : pos + 30].replace("\n", " ")
        out.append((tok, context))
    return out


def stale_ignores(prefix: str) -> list[str]:
    """Ignore-list tokens that no longer occur in the document (the list must stay honest)."""
    _, text = document(prefix)
    present = {t for t, _ in tokens(text)}
    return [t for t in ignored_tokens(prefix) if t not in present]


if __name__ == "__main__":
    for prefix in sys.argv[1:] or ["000", "001", "002", "003", "004"]:
        missing = uncovered(prefix)
        print(f"== {prefix}: {len(missing)} uncovered distinct tokens")
        for tok, ctx in missing:
            print(f"{tok}\t…{ctx}…")
        for tok in stale_ignores(prefix):
            print(f"stale ignore (not in document): {tok}")
