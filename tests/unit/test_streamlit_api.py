"""The app uses Streamlit's public API, except in kenpo/streamlit_internals.py, whose every use is
checked here so that an upgrade that changes it fails with a message saying what changed."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from kenpo.paths import ROOT

ALLOWED = {
    "kenpo/streamlit_internals.py",
    "tests/unit/test_streamlit_api.py",
    # The load test's simulated users speak Streamlit's websocket protocol (its protobufs): a
    # measurement tool, never imported by the app; each `make loadtest` first checks it against a
    # real browser, and tests/deploy drive load with it, so a release that changes the protocol
    # fails there, loudly.
    "bench/streamlit_client.py",
}
# An import of a Streamlit module outside its public API: its runtime, its internal helpers, its
# elements' implementation, its protobufs, or any name with a leading underscore.
PRIVATE = re.compile(
    r"^\s*(?:from\s+streamlit(?:\.(?:runtime|dataframe_util|elements|proto|web|components\.lib)|\.\w*\._|\._)\S*\s+import"
    r"|import\s+streamlit\.(?:runtime|dataframe_util|elements|proto|web|_)"
    r"|from\s+streamlit(?:\.[\w.]+)?\s+import\s+[^#\n]*\b_\w)",
    re.M,
)


def _python_files() -> list[str]:
    folders = ["kenpo", "pages", "tests", "bench", "docs"]
    files = [p for folder in folders for p in (ROOT / folder).rglob("*.py")] + [ROOT / "app.py", ROOT / "server.py"]
    return sorted(p.relative_to(ROOT).as_posix() for p in files if p.exists() and ".venv" not in p.parts)


def test_no_private_streamlit_import_outside_the_workaround_module():
    found = [
        f"{path}: {m.group(0).strip()}"
        for path in _python_files()
        if path not in ALLOWED
        for m in PRIVATE.finditer((ROOT / path).read_text(encoding="utf-8"))
    ]
    assert not found, (
        "private Streamlit imports (move them to kenpo/streamlit_internals.py with a reason):\n" + "\n".join(found)
    )


def test_the_private_import_check_can_fail():
    for line in (
        "from streamlit.runtime.scriptrunner import get_script_run_ctx",
        "from streamlit.dataframe_util import convert_anything_to_arrow_bytes",
        "import streamlit.runtime.caching",
        "from streamlit import _private",
    ):
        assert PRIVATE.search(line), line
    for line in ("import streamlit as st", "from streamlit.testing.v1 import AppTest"):
        assert not PRIVATE.search(line), line


def test_pages_directory_mode_is_still_readable():
    from streamlit.runtime.pages_manager import PagesManager

    assert hasattr(PagesManager, "uses_pages_directory"), (
        "Streamlit no longer has PagesManager.uses_pages_directory: kenpo/streamlit_internals.py "
        "pages_directory_mode() must find another way to tell the pages/ compatibility mode"
    )


def test_main_script_folder_is_known_in_a_script_run():
    def script():
        import streamlit as st

        from kenpo import streamlit_internals

        st.markdown(f"folder: {streamlit_internals.main_script_folder()}")

    at = AppTest.from_function(script).run()
    assert not at.exception, (
        "kenpo/streamlit_internals.py main_script_folder() failed: Streamlit's script run context "
        f"or its pages_manager.main_script_parent changed: {[e.value for e in at.exception]}"
    )
    folder = at.markdown[0].value.removeprefix("folder: ")
    assert folder not in ("None", ""), "main_script_folder() returned nothing in a script run"
