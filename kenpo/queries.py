"""Query functions: each reads one mart of sql/marts with parameters and returns a DataFrame.

All analytic SQL (joins, aggregates, labels) lives in the marts; here only which mart, the
filters (as ``?`` parameters, never formatted into the text) and the order:
``SELECT * FROM mart WHERE … ORDER BY …``. Pages never read sql/tables or sql/staging.
Results are cached per store version.
"""

from __future__ import annotations

import pandas as pd

from kenpo.aliases import search_key
from kenpo.connection import run
from kenpo.derived import column_values, first_value


# -- catalogue -----------------------------------------------------------------------------
def sources() -> pd.DataFrame:
    return run("SELECT * FROM sources ORDER BY source")


def datasets() -> pd.DataFrame:
    """Every dataset id of the figures with its Japanese title (data/datasets.csv)."""
    return run("SELECT * FROM datasets ORDER BY printed_order")


# A national-scale store holds over a million figures: the data page shows (and downloads) at
# most this many rows and says so; narrowing the filters shows the rest.
DATA_PAGE_ROW_LIMIT = 5_000

_FACTS_FILTER = """(?::VARCHAR IS NULL OR source = ?) AND (?::VARCHAR IS NULL OR dataset = ?)
             AND (?::VARCHAR IS NULL OR scope = ?) AND (?::VARCHAR IS NULL OR metric = ?)
             AND (?::INTEGER IS NULL OR fiscal_year = ?)"""

# データ's search, in two steps: the figures of the metrics whose name or alias contains the text;
# only when no metric is named so, the figures whose section or note contains it (a section that
# lists three tables, 「委嘱数単月・委嘱事業所数・カバー率」, does not make カバー率 find all three).
# The text is compared as kenpo.aliases.search_key makes it (NFKC, lower case, no spaces), on both
# sides: the page's text here, the view's name_key and search_text at build time.
_SEARCH = """WITH matched AS (
    SELECT *, contains(name_key, ?) AS by_name FROM facts_browser
    WHERE {filters} AND (?::VARCHAR IS NULL OR contains(search_text, ?)))
SELECT {columns} FROM matched
WHERE ?::VARCHAR IS NULL OR by_name OR NOT EXISTS (SELECT 1 FROM matched WHERE by_name)"""


def _search(columns: str, q: str | None, *filters) -> tuple[str, list]:
    """The search statement over facts_browser and its parameters: ``filters`` are the
    (source, dataset, scope, metric, fiscal_year) of the pickers, ``q`` the search text (None or
    blank: no search)."""
    key = search_key(q) if q else ""
    key = key or None
    params = [key or "", *(v for f in filters for v in (f, f)), key, key, key]
    return _SEARCH.format(filters=_FACTS_FILTER, columns=columns), params


def facts(
    source: str | None = None,
    dataset: str | None = None,
    scope: str | None = None,
    metric: str | None = None,
    fiscal_year: int | None = None,
    limit: int = 1_000_000_000,
    q: str | None = None,
) -> pd.DataFrame:
    """Every figure (with the text as printed), filtered, and found by データ's search ``q``;
    None means no filter on that column. At most ``limit`` rows, in a stable order."""
    sql, params = _search("* EXCLUDE (by_name)", q, source, dataset, scope, metric, fiscal_year)
    return run(sql + " ORDER BY browse_order LIMIT ?", *params, limit)


def facts_count(
    source: str | None = None,
    dataset: str | None = None,
    scope: str | None = None,
    metric: str | None = None,
    fiscal_year: int | None = None,
    q: str | None = None,
) -> int:
    sql, params = _search("count(*) AS n", q, source, dataset, scope, metric, fiscal_year)
    return int(first_value(run(sql, *params), "n"))


def fact_dimensions(q: str | None = None) -> pd.DataFrame:
    """Distinct (source, dataset, scope, metric, fiscal_year) for the data browser's pickers: of
    every figure, or of the figures データ's search ``q`` finds."""
    if not (q and search_key(q)):
        return run("SELECT * FROM fact_dimensions ORDER BY ALL")
    sql, params = _search("DISTINCT source, dataset, scope, metric, fiscal_year", q, *[None] * 5)
    return run(sql + " ORDER BY ALL", *params)


def metric_aliases() -> pd.DataFrame:
    """Every alias of a metric (data/metric_aliases.csv) with its kind, in the order printed."""
    return run("SELECT * FROM metric_aliases ORDER BY printed_order")


def printed_figures(sources: list[str], metrics: list[str], scopes: list[str] | None = None) -> pd.DataFrame:
    """The figures of these documents and metrics (and, when given, only these scopes: a branch and
    全国) with the text as printed and the scale and decimals it is printed in: what a download's
    rows quote (kenpo.exports). A national-scale document prints a metric for 47 branches: a page
    about one branch asks for its own."""
    chosen = None if scopes is None else sorted(scopes)
    return run(
        """SELECT source, scope, metric, kind, fiscal_year, month, basis, printed, printed_scale, printed_decimals
           FROM facts_browser WHERE list_contains(?, source) AND list_contains(?, metric)
             AND (?::VARCHAR[] IS NULL OR list_contains(?, scope))
           ORDER BY browse_order""",
        sorted(sources),
        sorted(metrics),
        chosen,
        chosen,
    )


# -- branch, month by month ------------------------------------------------------------------
def monthly_branches() -> list[str]:
    return column_values(run("SELECT * FROM monthly_branches ORDER BY code"), "branch")


def monthly_metrics(branch: str) -> pd.DataFrame:
    """Metrics of a branch printed month by month with at least one figure: one row per
    (metric, basis), with ``max_per_year`` (1 = a yearly series such as a 上期 累計)."""
    return run(
        """SELECT metric, basis, unit, years, printed, max_per_year, section, source
           FROM branch_monthly_metrics WHERE branch = ?
           ORDER BY source, dataset, metric, basis""",
        branch,
    )


def monthly_series(branch: str, metric: str, basis: str) -> pd.DataFrame:
    """The metric's months across fiscal years with the same month of the prior year."""
    return run(
        """SELECT * FROM branch_monthly_series WHERE scope = ? AND metric = ? AND basis = ?
           ORDER BY fiscal_year, fiscal_month, dataset""",
        branch,
        metric,
        basis,
    )


def pacing_estimate(branch: str, metric: str, basis: str) -> pd.DataFrame:
    """The series' 年度末見込み (sql/marts/320_pacing_estimates.sql): a row when its latest year is
    a part year, with the estimate or the reason there is none."""
    return run(
        "SELECT * FROM pacing_estimates WHERE scope = ? AND metric = ? AND basis = ? ORDER BY source",
        branch,
        metric,
        basis,
    )


def pacing_path(branch: str, metric: str, basis: str) -> pd.DataFrame:
    """The estimate's months, from the latest printed month to March (累計・時点 series)."""
    return run(
        "SELECT * FROM pacing_paths WHERE scope = ? AND metric = ? AND basis = ? ORDER BY source, fiscal_month",
        branch,
        metric,
        basis,
    )


def printed_year_figures(branch: str, metric: str) -> pd.DataFrame:
    """The year figures the document prints for the metric (計 / 平均 / 年度末, targets)."""
    return run(
        "SELECT * FROM printed_year_figures WHERE scope = ? AND metric = ? ORDER BY kind, fiscal_year", branch, metric
    )


# -- branch versus national ------------------------------------------------------------------
def comparison_branches() -> list[str]:
    return column_values(run("SELECT * FROM comparison_branches ORDER BY code"), "branch")


def comparison_metrics(branch: str) -> pd.DataFrame:
    """Metrics of a branch that have a target, a national figure or a rank in some year."""
    return run(
        """SELECT metric, unit, direction, has_national, has_target, has_rank, source
           FROM comparison_metrics WHERE branch = ?
           ORDER BY has_national DESC, source, metric""",
        branch,
    )


def branch_vs_national(branch: str, metric: str) -> pd.DataFrame:
    return run(
        "SELECT * FROM branch_vs_national WHERE branch = ? AND metric = ? ORDER BY fiscal_year, source", branch, metric
    )


def part_year_estimates(branch: str, metric: str | None = None) -> pd.DataFrame:
    """The 年度末見込み of the branch's part years (sql/marts/340_part_year_estimates.sql), of one
    metric or (None) of all: the estimate, or the reason there is none, beside the year's target."""
    return run(
        """SELECT * FROM part_year_estimates WHERE branch = ? AND (?::VARCHAR IS NULL OR metric = ?)
           ORDER BY source, metric, fiscal_year""",
        branch,
        metric,
        metric,
    )


def kpi_matrix(branch: str) -> pd.DataFrame:
    """Every metric of a branch with a target or a printed status, all years."""
    return run(
        """SELECT * FROM branch_vs_national
           WHERE branch = ? AND (branch_target IS NOT NULL OR status IS NOT NULL)
           ORDER BY source, metric, fiscal_year""",
        branch,
    )


# -- national --------------------------------------------------------------------------------
def national_series_metrics() -> pd.DataFrame:
    return run(
        """SELECT metric, unit, first_year, last_year, source FROM national_series_metrics
           ORDER BY first_dataset, metric"""
    )


def national_series(metric: str) -> pd.DataFrame:
    return run("SELECT * FROM national_series WHERE metric = ? ORDER BY fiscal_year", metric)


def national_monthly_metrics() -> list[str]:
    return column_values(run("SELECT * FROM national_monthly_metrics ORDER BY metric"), "metric")


def national_monthly(metrics: list[str]) -> pd.DataFrame:
    """The chosen metrics' months (a national-scale store holds many more monthly national series)."""
    return run(
        "SELECT * FROM national_monthly WHERE list_contains(?, metric) ORDER BY metric, fiscal_year, fiscal_month",
        list(metrics),
    )


def national_kpi() -> pd.DataFrame:
    return run("SELECT * FROM national_kpi ORDER BY source, section, metric")


def kpi_status_summary() -> pd.DataFrame:
    return run("SELECT * FROM kpi_status_summary ORDER BY fiscal_year, verdict_order")


def health_check_counts() -> pd.DataFrame:
    return run("SELECT * FROM health_check_counts ORDER BY metric_order, fiscal_year")


def headlines() -> pd.DataFrame:
    return run("SELECT * FROM national_headlines ORDER BY headline_order")


# -- insurers and declarations --------------------------------------------------------------
def insurer_landscape() -> pd.DataFrame:
    return run("SELECT * FROM insurer_landscape ORDER BY members DESC NULLS LAST")


def establishment_sizes() -> pd.DataFrame:
    return run("SELECT * FROM establishment_sizes ORDER BY size_order")


def survey_response() -> pd.DataFrame:
    return run("SELECT * FROM survey_response ORDER BY insurer_type = '合計', targeted DESC")


def declaration_progress() -> pd.DataFrame:
    return run("SELECT * FROM declaration_progress ORDER BY declaration, metric, scope, fiscal_year")


def declaration_outcomes() -> pd.DataFrame:
    return run("SELECT * FROM declaration_outcomes ORDER BY declaration, metric")


def metric_direction(source: str, metric: str) -> str | None:
    """'higher', 'lower' or 'none' from data/metrics.csv; None when the catalogue does not say."""
    frame = run("SELECT * FROM metric_directions WHERE source = ? AND metric = ?", source, metric)
    direction = first_value(frame, "direction")
    return None if direction is None else str(direction)


# -- reconciliation (検算) --------------------------------------------------------------------
def reconciliation(
    source: str | None = None, verdicts: tuple[str, ...] | None = None, families: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Every 検算 check (the printed figure, the value recomputed from the figures it is made of, the
    difference, the verdict and its note), of one document or all, in the document's own order;
    ``verdicts`` and ``families`` keep only those verdicts and kinds of check (None: all; an empty
    choice: none)."""
    return run(
        "SELECT * FROM reconciliation WHERE (?::VARCHAR IS NULL OR source = ?)"
        " AND (?::VARCHAR[] IS NULL OR list_contains(?, verdict))"
        " AND (?::VARCHAR[] IS NULL OR list_contains(?, family))"
        " ORDER BY source, data_file, data_line, family",
        source,
        source,
        *(2 * [None if verdicts is None else list(verdicts)]),
        *(2 * [None if families is None else list(families)]),
    )


def reconciliation_summary() -> pd.DataFrame:
    """The 検算 counts: one row per document, and the first row (source NULL) for all of them."""
    return run("SELECT * FROM reconciliation_summary ORDER BY source NULLS FIRST")


def reconciliation_by_kind(source: str) -> pd.DataFrame:
    """One document's 検算 counts by kind of check and verdict."""
    return run("SELECT * FROM reconciliation_by_kind WHERE source = ? ORDER BY family", source)
