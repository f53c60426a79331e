"""The package's layout: build time apart from the app, and modules of a readable size."""

from __future__ import annotations

import subprocess
import sys

from kenpo.paths import ROOT

MAX_LINES = 400


def test_the_dashboard_never_imports_build_time_code():
    """Everything the pages import, imported in a fresh interpreter, loads nothing of kenpo.build
    (the validator, the CSV reader, the store build, the command line)."""
    pages = sorted(p.stem for p in (ROOT / "pages").glob("*.py"))
    code = (
        "import ast, importlib, sys\n"
        "mods = set()\n"
        f"for name in {pages!r} + ['../app', '../server']:\n"
        "    tree = ast.parse(open(f'pages/{name}.py', encoding='utf-8').read())\n"
        "    for node in ast.walk(tree):\n"
        "        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith('kenpo'):\n"
        "            mods.add(node.module); mods.update(f'{node.module}.{a.name}' for a in node.names)\n"
        "        elif isinstance(node, ast.Import):\n"
        "            mods.update(a.name for a in node.names if a.name.startswith('kenpo'))\n"
        "for m in sorted(mods):\n"
        "    try:\n"
        "        importlib.import_module(m)\n"
        "    except ModuleNotFoundError:\n"
        "        pass  # a name imported from a module, not a module\n"
        "print(sorted(m for m in sys.modules if m.startswith('kenpo.build')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout


def test_no_module_of_the_package_or_the_pages_is_over_400_lines():
    files = [*(ROOT / "kenpo").rglob("*.py"), *(ROOT / "pages").glob("*.py")]
    long = {
        p.relative_to(ROOT).as_posix(): n
        for p in files
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long
