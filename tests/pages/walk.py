"""A walk over every view a user can reach from the pages' own choices, under AppTest.

From each page's default view it changes, as a user would with the mouse:
- every option of every single-choice filter (segmented control, radio, selectbox), nested to the full depth of the page (a later box's options
  depend on the earlier ones, so each choice is walked again under every choice before it);
- each multiple-choice filter (pills, multiselect) narrowed to each single option, and emptied;
- each toggle flipped;
and opens every view it reached again from the address that view wrote (the deep link), which
must give the same view. The pages walked are the ones app.py registers (kenpo.navigation).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from streamlit.testing.v1 import AppTest

from kenpo import navigation
from tests.pages import widgets

# Pages whose selectboxes are facets of one query (each narrows the next, and every choice runs
# the same query with another WHERE value): the full product of データ's five filters is 11,526
# views (15 minutes), so there every option of every filter is walked from the default view,
# without nesting, and the toggles are flipped on the default view.
FACET_PAGES = {"data"}

NOTICE_ICON = ":material/link_off:"  # kenpo.page: a notice about the address (not part of the view)


def slugs() -> list[str]:
    """Every page app.py registers, in menu order."""
    return navigation.slugs()


@dataclass
class Walk:
    slug: str
    views: int = 0
    failures: list[str] = field(default_factory=list)
    seen: set[tuple] = field(default_factory=set)


def params_of(at: AppTest) -> dict[str, object]:
    """The address this view has in the browser: every filter is bound to the parameter of its key
    (bind="query-params"), whose value is the option as shown; Streamlit's frontend writes it, so
    AppTest does not see it and it is made here from the widgets. A choice at its default is
    written too (the browser leaves it out; either address opens the same view)."""
    params: dict[str, object] = {}
    for box in widgets.singles(at):
        params[box.key] = box.value
    for box in widgets.multis(at):
        params[box.key] = widgets.chosen(box) or ""
    for t in at.toggle:
        params[t.key] = "true" if t.value else "false"
    for t in at.text_input:  # データ's 検索 (?q=); the deck panel's heading is no filter
        if t.key == "q":
            params[t.key] = t.value or ""
    return params


def problems(at: AppTest) -> list[str]:
    """Exceptions (Streamlit's error box with a traceback) and st.error elements on the page."""
    found = [f"exception: {e.value}" for e in at.exception]
    found += [f"error: {e.value}" for e in at.error]
    return found


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def signature(at: AppTest) -> tuple:
    """What the user sees, element by element: widgets and their values, text, cards, charts, tables.
    Notices about the address are left out: a view reached by a click that dropped a choice says so,
    its deep link does not need to."""
    parts: list[tuple] = []
    for box in widgets.singles(at):
        parts.append(("single", box.label, tuple(box.options), box.value))
    for box in widgets.multis(at):
        parts.append(("multi", box.label, tuple(box.options), tuple(widgets.chosen(box))))
    for t in at.toggle:
        parts.append(("toggle", t.label, t.value))
    for t in at.text_input:
        parts.append(("text", t.label, t.value or ""))
    for kind in ("markdown", "caption", "subheader", "info"):
        parts.extend((kind, e.value) for e in getattr(at, kind))
    parts.extend(("warning", e.value) for e in at.warning if e.icon != NOTICE_ICON)
    parts.extend(("metric", m.label, m.value) for m in at.metric)
    for chart in at.get("vega_lite_chart"):
        data = "".join(_digest(str(d.data.data)) for d in chart.proto.datasets)
        parts.append(("chart", _digest(chart.proto.spec), data))
    parts.extend(("table", _digest(frame.value.to_csv())) for frame in at.dataframe)
    return tuple(parts)


class Walker:
    """Walks one page. ``open_at(slug, params)`` returns a fresh AppTest that has run the page at
    that address."""

    def __init__(self, open_at: Callable[[str, dict], AppTest], slug: str):
        self.open_at = open_at
        self.walk = Walk(slug)
        self.facets = slug in FACET_PAGES

    # -- one view -----------------------------------------------------------------------------
    def _reached(self, at: AppTest, how: str) -> AppTest | None:
        """A view reached by a click: it must render, and its address must give the same view.
        Returns the deep-linked AppTest (the starting point for what is nested under this view)."""
        self.walk.views += 1
        found = problems(at)
        if found:
            self.walk.failures.append(f"{how}: {found[0][:300]}")
            return None
        params = params_of(at)
        linked = self.open_at(self.walk.slug, params)
        found = problems(linked)
        if found:
            self.walk.failures.append(f"{how} → deep link {params}: {found[0][:300]}")
            return None
        if signature(linked) != signature(at):
            self.walk.failures.append(f"{how}: the deep link {params} gives another view")
            return None
        return linked

    def run(self) -> Walk:
        at = self.open_at(self.walk.slug, {})
        self.walk.views += 1
        found = problems(at)
        if found:
            self.walk.failures.append(f"default view: {found[0][:300]}")
            return self.walk
        self._explore(params_of(at), at, 0, "default")
        return self.walk

    def _explore(self, params: dict, at: AppTest, start: int, path: str) -> None:
        """Under the view at ``params`` (``at`` shows it, fresh from its address): the leaves of
        this view (toggles, multiselects), then every other option of each selectbox from ``start``
        on, each nested in turn. A user's clicks follow one another in one session: after one
        option the next is chosen from there, as in the browser."""
        boxes = [(b.key, list(b.options), widgets.index(b)) for b in widgets.singles(at)]
        if not (self.facets and start > 0):
            self._leaves(at, path)
        for j in range(start, len(boxes)):
            wkey, options, current = boxes[j]
            session = self.open_at(self.walk.slug, params)
            for i, option in enumerate(options):
                if i == current:
                    continue
                box = next((b for b in widgets.singles(session) if b.key == wkey), None)
                if box is None or option not in box.options:  # the previous choice changed this box
                    session = self.open_at(self.walk.slug, params)
                    box = widgets.single(session, wkey)
                box.set_value(option).run()
                how = f"{path} → {wkey}={option}"
                linked = self._reached(session, how)
                if linked is None:
                    session = self.open_at(self.walk.slug, params)
                    continue
                state = tuple(sorted((k, str(v)) for k, v in params_of(linked).items()))
                if not self.facets and (state, j + 1) not in self.walk.seen:
                    self.walk.seen.add((state, j + 1))
                    self._explore(params_of(linked), linked, j + 1, how)

    def _leaves(self, at: AppTest, path: str) -> None:
        """Each toggle flipped and flipped back; each multiselect narrowed to each single option,
        then emptied. ``at`` shows the view and is changed in place."""
        for t in list(at.toggle):
            for value in (not t.value, t.value):
                at.toggle(key=t.key).set_value(value).run()
                if self._reached(at, f"{path} → {t.key}={value}") is None:
                    return
        for box in widgets.multis(at):
            for choice in [[o] for o in box.options] + [[]]:
                widgets.multi(at, box.key).set_value(choice).run()
                if self._reached(at, f"{path} → {box.key}={choice}") is None:
                    return


# -- running the walk ---------------------------------------------------------------------------
RESULTS: dict[str, dict] = {}  # slug -> {"views", "seconds", "failures"}, printed at the end of pytest


def open_page_at(app: str):
    """``open_at`` for a Walker: a new AppTest (a new session, as a new browser tab) at the address."""
    from tests.pages.conftest import APP, new_session

    assert app == APP, app
    return new_session


def walk_pages(job: tuple[str, list[str], str]) -> list[dict]:
    """Walk the pages ``slugs`` against the store at ``store`` (run in a worker process)."""
    import os
    import time

    app, slugs_, store = job
    os.environ["KENPO_DB"] = store
    out = []
    for slug in slugs_:
        started = time.perf_counter()
        walk = Walker(open_page_at(app), slug).run()
        out.append(
            {"slug": slug, "views": walk.views, "failures": walk.failures, "seconds": time.perf_counter() - started}
        )
    return out


# Expected cost of each page's walk, to split the pages between two processes evenly (seconds on
# this 2-core machine; a page not listed counts as 5).
COST = {"branch_monthly": 50, "data": 38, "branch_vs_national": 20}


def split(slugs_: list[str], workers: int) -> list[list[str]]:
    """Pages dealt to ``workers`` lists, the most expensive first to the least loaded."""
    loads = [[0.0, []] for _ in range(workers)]
    for slug in sorted(slugs_, key=lambda s: -COST.get(s, 5)):
        load = min(loads, key=lambda entry: entry[0])
        load[0] += COST.get(slug, 5)
        load[1].append(slug)
    return [names for _, names in loads if names]
