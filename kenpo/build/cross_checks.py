"""Rules across the rows of data/, checked once every file is read: a 累計 count never falls, a
printed total is the sum of its printed months, a headline order of metrics.csv names one
metric, a short title of sources.csv names one document, a title of datasets.csv one dataset and
an alias of metric_aliases.csv one metric of its document.
Each problem is reported as (file, line, column, message, value seen)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from kenpo import contracts as C
from kenpo.aliases import search_key
from kenpo.fiscal import fiscal_month_index

Report = Callable[[str, int, str, str, "str | None"], None]


def _fmt(value: float) -> str:
    """A figure in a message: 1442000 not 1.442e+06, 94.3 as it is."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def check_series(facts: list[dict], report: Report) -> None:
    """累計 counts never fall; a printed total equals its 12 months."""
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in facts:
        groups[(r["source"], r["dataset"], r["scope"], r["metric"], r["kind"], r["fiscal_year"])].append(r)
    for rows in groups.values():
        if rows[0]["unit"] not in C.ADDITIVE_UNITS or C.RATE_LIKE_METRIC.search(rows[0]["metric"]):
            continue
        cum = sorted(
            (r for r in rows if r["basis"] == "累計" and r["value"] is not None),
            key=lambda r: fiscal_month_index(r["month"]),
        )
        for prev, cur in zip(cum, cum[1:]):
            if cur["value"] < prev["value"] and C.DISCREPANCY_MARK not in (cur["note"] or ""):
                report(
                    cur["_file"],
                    cur["_line"],
                    "value",
                    f"累計 falls from {_fmt(prev['value'])} ({prev['month']}月, "
                    f"{'line ' if prev['_file'] == cur['_file'] else prev['_file'] + ':'}{prev['_line']}) "
                    f"to {_fmt(cur['value'])} ({cur['month']}月)",
                    cur["_raw_value"],
                )
        months = {r["month"]: r for r in rows if r["basis"] == "単月" and r["value"] is not None}
        totals = [r for r in rows if r["basis"] == "年度" and r["value"] is not None]
        if len(months) == 12 and len(totals) == 1:
            total = totals[0]
            parts = sum(r["value"] for r in months.values())
            if abs(parts - total["value"]) > 1e-6 and C.DISCREPANCY_MARK not in (total["note"] or ""):
                report(
                    total["_file"],
                    total["_line"],
                    "value",
                    f"printed total {_fmt(total['value'])} differs from the sum of its 12 months {_fmt(round(parts, 9))} "
                    f"(if the document prints it so, say {C.DISCREPANCY_MARK} in note)",
                    total["_raw_value"],
                )


def check_headline_orders(metrics: list[dict], report: Report) -> None:
    """Each headline order names one metric label, and each label has one order, whatever the
    document (next year's report repeats the label and its order on its own rows)."""
    by_order: dict[int, dict] = {}
    by_metric: dict[str, dict] = {}
    for r in metrics:
        n = r["headline_order"]
        if n is None:
            continue
        first = by_order.setdefault(n, r)
        if first["metric"] != r["metric"]:
            report(
                r["_file"],
                r["_line"],
                "headline_order",
                f"headline order {n} is already given to {first['metric']} (line {first['_line']})",
                str(n),
            )
        first = by_metric.setdefault(r["metric"], r)
        if first["headline_order"] != n:
            report(
                r["_file"],
                r["_line"],
                "headline_order",
                f"{r['metric']} has headline order {first['headline_order']} on line {first['_line']}",
                str(n),
            )


def check_short_titles(sources: list[dict], report: Report) -> None:
    """Each document's short title is its own: pages name documents by it (kenpo.documents)."""
    first: dict[str, dict] = {}
    for r in sources:
        title = r["short_title"]
        if title is None:  # reported as a required value
            continue
        seen = first.setdefault(title, r)
        if seen is not r:
            report(
                r["_file"],
                r["_line"],
                "short_title",
                f"short title already names {seen['source']} (line {seen['_line']})",
                title,
            )


def check_dataset_titles(datasets: list[dict], facts: list[dict], report: Report, warn: Report) -> None:
    """Each title of datasets.csv names one dataset; a dataset of the figures without a title is
    warned about (データ shows its first section heading instead of a title, never the id)."""
    first: dict[str, dict] = {}
    for r in datasets:
        seen = first.setdefault(r["title"], r)
        if seen is not r:
            report(
                r["_file"],
                r["_line"],
                "title",
                f"title already names {seen['source']} {seen['dataset']} (line {seen['_line']})",
                r["title"],
            )
    titled = {(r["source"], r["dataset"]) for r in datasets}
    untitled: dict[tuple, dict] = {}
    for r in facts:
        untitled.setdefault((r["source"], r["dataset"]), r)
    for key, r in untitled.items():
        if key not in titled:
            warn(
                r["_file"],
                r["_line"],
                "dataset",
                "dataset has no title in data/datasets.csv (データ shows its section heading)",
                r["dataset"],
            )


def check_aliases(aliases: list[dict], facts: list[dict], report: Report, warn: Report) -> None:
    """Each alias names a metric of the fact files of its own document, is not blank (a required
    value), is not the metric's own name, and leads to one metric of its document: not the name of
    another one, nor an alias of another one (compared as search compares them: 「１」 = 「1」).
    The aliases of a document without any figure in data/ (its fact files hold headers only) cannot
    be checked: one warning per document, as for a file with a header only."""
    metrics: dict[str, set[str]] = defaultdict(set)
    for r in facts:
        metrics[r["source"]].add(r["metric"])
    by_key: dict[tuple[str, str], dict] = {}
    unchecked: set[str] = set()
    for r in aliases:
        source, metric, alias = r["source"], r["metric"], r["alias"]
        if source not in metrics:
            if source not in unchecked:
                unchecked.add(source)
                warn(
                    r["_file"],
                    r["_line"],
                    "source",
                    "the document has no figures in data/: its aliases lead to no metric and are not checked",
                    source,
                )
            continue
        if metric not in metrics[source]:
            report(
                r["_file"],
                r["_line"],
                "metric",
                f"names no metric of {source} in the fact files (an alias needs the metric's label as stored)",
                metric,
            )
            continue
        if search_key(alias) == search_key(metric):
            report(r["_file"], r["_line"], "alias", "repeats the metric's own name", alias)
            continue
        other = next((m for m in sorted(metrics[source]) if m != metric and search_key(m) == search_key(alias)), None)
        if other is not None:
            report(r["_file"], r["_line"], "alias", f"is the name of another metric of {source}: {other}", alias)
            continue
        first = by_key.setdefault((source, search_key(alias)), r)
        if first is not r and first["metric"] != metric:
            report(
                r["_file"],
                r["_line"],
                "alias",
                f"already names {first['metric']} of {source} (line {first['_line']}): "
                "an alias leads to one metric of its document",
                alias,
            )
