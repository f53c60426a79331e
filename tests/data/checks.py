"""The 検算 checks as the consistency tests read them: rows of the view `reconciliation`.

The arithmetic of the consistency tests (a printed total is the sum of its parts, a printed rate is
its count over its base, a figure printed twice is the same figure …) is defined once, in the SQL
views sql/marts/4xx_*.sql, and the 検算 page shows the same rows. A test here does not recompute; it
selects its checks from the view and holds them to what was read by hand:

- how many checks it reads (a check that disappears, or a new one, fails the test);
- every check is 一致, except the documented ones (RECONCILIATION_EXCEPTIONS of the module, by key),
  each with its verdict, its printed and recomputed figures as read by hand, and a note.

Each per-document module declares
    RECONCILIATION             the number of checks of its document per family;
    CHECKS                     per test: (selector, number of checks); the selectors of all modules
                               together claim every row of the view exactly once;
    RECONCILIATION_EXCEPTIONS  key -> (verdict, printed value, recomputed value) of every check of its
                               document that is not 一致.
tests/data/test_reconciliation.py holds the declarations to the view.
"""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest

# A check is named by its family and the printed figure it checks (within one document).
KEY = ("family", "dataset", "scope", "metric", "kind", "fiscal_year", "month", "basis")
ANY = object()


def nfkc(text):
    return unicodedata.normalize("NFKC", text) if isinstance(text, str) else text


def _scalar(v):
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return None
    return int(v) if isinstance(v, (int, float)) and not isinstance(v, bool) and float(v).is_integer() else v


def key(row) -> tuple:
    """The key of a check (a view row or a mapping): month and fiscal year as int or None."""
    return tuple(_scalar(row[c]) if c in ("fiscal_year", "month") else row[c] for c in KEY)


def _matches(row: dict, selector: dict) -> bool:
    for col, want in selector.items():
        assert col in KEY, f"a selector names key columns only: {col}"
        got = row[col]
        got = nfkc(_scalar(got)) if col != "metric" else nfkc(got)
        if isinstance(want, (tuple, list, set, frozenset)):
            if got not in {nfkc(w) for w in want}:
                return False
        elif (None if want is None else nfkc(want)) != got:
            return False
    return True


def select(recon: pd.DataFrame, source: str, selector: dict) -> pd.DataFrame:
    """The checks of ``source`` whose key columns equal the selector's values (a tuple: any of them,
    None: empty; the metric compared NFKC-normalised)."""
    d = recon[recon["source"] == source]
    keep = [_matches(dict(zip(KEY, key(r))), selector) for _, r in d.iterrows()]
    return d[keep]


def claims(selector: dict, check_key: tuple) -> bool:
    return _matches(dict(zip(KEY, check_key)), selector)


def expect(recon: pd.DataFrame, source: str, check: tuple[dict, int], exceptions: dict) -> pd.DataFrame:
    """The checks a test reads: as many as declared, 一致 but for the documented exceptions, each of
    which is there with its verdict, its hand-read printed and recomputed figures and a note."""
    selector, n = check
    d = select(recon, source, selector)
    assert len(d) == n, (selector, len(d), n)
    found = set()
    for _, r in d.iterrows():
        k = key(r)
        if k in exceptions:
            verdict, printed, recomputed = exceptions[k]
            found.add(k)
            assert r["verdict"] == verdict, (k, r["verdict"], r["formula"])
            assert r["printed_value"] == pytest.approx(printed), k
            assert r["recomputed"] == pytest.approx(recomputed, rel=1e-4, abs=1e-4), (k, r["recomputed"])
            assert isinstance(r["note"], str) and r["note"], k
        else:
            assert r["verdict"] == "一致", (k, r["printed"], r["recomputed"], r["formula"])
            assert pd.isna(r["note"]), k
    assert found == {k for k in exceptions if claims(selector, k)}, "a documented exception is not among the checks"
    return d


def by_key(d: pd.DataFrame) -> dict[tuple, pd.Series]:
    out = {}
    for _, r in d.iterrows():
        out.setdefault(key(r), r)
    return out
