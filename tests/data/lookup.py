"""Lookups shared by the per-document consistency tests."""

from __future__ import annotations

import unicodedata

import pandas as pd


def nfkc(text: str) -> str:
    """Labels are compared NFKC-normalised on both sides (the store keeps the document's spelling)."""
    return unicodedata.normalize("NFKC", text)


def one(
    f: pd.DataFrame, dataset: str, metric: str, scope: str | None = None, kind: str = "実績", fy: int | None = None
) -> pd.Series:
    """The single row of ``f`` for dataset, metric, kind and (when given) scope and fiscal year."""
    q = (f["dataset"] == dataset) & (f["metric"].map(nfkc) == nfkc(metric)) & (f["kind"] == kind)
    if scope is not None:
        q &= f["scope"] == scope
    if fy is not None:
        q &= f["fiscal_year"] == fy
    r = f[q]
    assert len(r) == 1, (dataset, metric, scope, kind, fy, len(r))
    return r.iloc[0]


def val(f: pd.DataFrame, *args, **kwargs) -> float:
    return float(one(f, *args, **kwargs)["value"])
