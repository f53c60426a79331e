"""Screenshots of every page at 1280×720, normal and presenter mode, into docs/screenshots/.

    .venv/bin/python docs/take_screenshots.py [--out DIR]
Builds a store from data/ in a temporary folder, starts the dashboard, opens each page in
headless Chromium (Debian's /usr/bin/chromium) and saves PNGs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from kenpo.build.store import build
from tests.serve import CHROMIUM, CHROMIUM_ARGS, dashboard, wait_for_page

PAGES = [
    ("home", "", 0),
    ("insurers", "insurers", 1),
    ("declarations", "declarations?declaration=宣言2", 1),
    ("national", "national?view=推移&metric=加入者数", 1),
    ("national_kpi", "national?view=KPI", 1),
    ("branch_monthly", "branch_monthly?branch=群馬&metric=郵送化率&basis=単月", 1),
    ("branch_vs_national", "branch_vs_national?branch=三重&view=指標別&metric=特定保健指導実施率（被保険者）", 1),
    ("branch_kpi_matrix", "branch_vs_national?branch=三重&view=KPI一覧", 1),
    ("data", "data?source=002_3cca3b27335fda2a.txt", 0),
]


def _covers_every_page() -> None:
    """Every page the navigation registers has at least one view here."""
    from kenpo.navigation import slugs

    missing = set(slugs()) - {path.split("?")[0] or "home" for _, path, _ in PAGES}
    if missing:
        raise SystemExit(f"no screenshot view for: {', '.join(sorted(missing))}")


def main() -> None:
    _covers_every_page()
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "screenshots")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kenpo.duckdb"
        build(db)
        with dashboard(db) as (url, _), sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, path, charts in PAGES:
                if args.only and name not in args.only:
                    continue
                for mode in ("normal", "present"):
                    page = browser.new_page(viewport={"width": 1280, "height": 720})
                    sep = "&" if "?" in path else "?"
                    page.goto(f"{url}/{path}" + (f"{sep}present=1" if mode == "present" else ""))
                    wait_for_page(page, charts=charts)
                    target = args.out / f"{name}_{mode}.png"
                    page.screenshot(path=str(target))
                    print(target)
                    page.close()
            browser.close()


if __name__ == "__main__":
    main()
