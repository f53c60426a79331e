"""The one place that reads Streamlit internals, and why (a test guards each one: tests/unit/
test_streamlit_api.py fails with a clear message when an upgrade changes them).

The project's layout has a top-level pages/ folder and registers the same files with st.navigation
in app.py. When a shared deep link such as /national?view=KPI is the first request a fresh server
gets, Streamlit 1.67 runs the page file through its pages/-directory compatibility mode, without
app.py: a page link must then name the page the way that mode does (by file name, relative to the
folder the main script runs from), or Streamlit reports that the page was not found. Streamlit has
no public way to ask which of the two modes is running.
"""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import get_script_run_ctx


def pages_directory_mode() -> bool:
    """Whether this run was started by the pages/-directory compatibility mode (not st.navigation)."""
    return bool(PagesManager.uses_pages_directory)


def main_script_folder() -> str | None:
    """The folder of the script Streamlit runs as the main one, in a script run; else None."""
    ctx = get_script_run_ctx()
    return None if ctx is None else str(ctx.pages_manager.main_script_parent)
