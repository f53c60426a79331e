"""What the dashboard shows when the store cannot be read: what happened and the command that
rebuilds it, in place of the page's content, never a traceback."""

from __future__ import annotations

import shlex
import threading

import streamlit as st

from kenpo.paths import DEFAULT_DB, store_path
from kenpo.store_access import StoreUnavailable


def rebuild_command() -> str:
    """The command that rebuilds the store this dashboard reads (naming it when not the default)."""
    path = store_path()
    prefix = "" if path.resolve() == DEFAULT_DB.resolve() else f"KENPO_DB={shlex.quote(str(path))} "
    return f"{prefix}make build    # または: {prefix}.venv/bin/python -m kenpo build"


# The heading of the page this script run draws, until the page has drawn it (kenpo.page.start):
# a message that ends the run before that draws the heading above itself. One script run at a
# time per thread.
_run = threading.local()


def pending_heading(markdown: str | None) -> None:
    """Set (or, once drawn, clear) the heading a message must draw if it ends the run first."""
    _run.heading = markdown


def _heading() -> None:
    markdown = getattr(_run, "heading", None)
    if markdown:
        st.markdown(markdown)
        _run.heading = None


def show(exc: StoreUnavailable) -> None:
    _heading()
    st.error(
        f"{exc}\n\nデータストアを作り直すには、プロジェクトのフォルダで次を実行してください。",
        icon=":material/database:",
    )
    st.code(rebuild_command(), language="bash")


def stop_page(exc: StoreUnavailable) -> None:
    """In a page run: show the message (under the page's title) and end the run there. Outside one
    (tests, the benchmark, the command line): raise, so the caller sees the problem."""
    if not st.runtime.exists():
        raise exc
    show(exc)
    st.stop()


def stop_without_figures() -> None:
    """The store opened but holds no figures (built from data/ files with a header only): say so
    and how to fill it, instead of pages of empty charts and pickers."""
    _heading()
    st.warning(
        "データストアに数値が1件もありません。data/ のCSVに数値の行があるか確かめてから（"
        "make validate）、データストアを作り直してください。",
        icon=":material/database:",
    )
    st.code(rebuild_command(), language="bash")
    st.stop()
