"""Where things live: the project root, data/, sql/ and the store file."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
SQL_DIR = ROOT / "sql"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"

# The embedded store. Override with KENPO_DB (the dashboard and the CLI both honour it).
DEFAULT_DB = DATA_DIR / "kenpo.duckdb"


def store_path() -> Path:
    return Path(os.environ.get("KENPO_DB") or DEFAULT_DB)
