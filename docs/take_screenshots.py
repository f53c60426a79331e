"""Screenshots of every page, normal and presenter mode, at 1280×720 and 1920×1080, into docs/screenshots/.

    .venv/bin/python docs/take_screenshots.py [--out DIR] [--only SLUG ...]

Builds a fresh store from data/ in a temporary folder, starts the dashboard, opens each page of the
menu (kenpo.navigation.slugs(); home is /, every other page /<slug>, presenter mode ?present=true)
in headless Chromium (Debian's /usr/bin/chromium), waits until it is drawn (charts' marks, tables'
grids, web fonts) and saves the whole page as <slug>_<normal|presenter>_<width>x<height>.png.
Presenter mode is saved as the audience sees it: the window only (its charts fit the window's
height), not the whole page. Also deck_step2_presenter_<size>.png: the second view of a three-view
meeting deck. A full run removes the PNGs in the folder that it no longer makes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from kenpo.build.store import build
from kenpo.navigation import DEFAULT, slugs
from tests.serve import CHROMIUM, CHROMIUM_ARGS, dashboard, wait_until_drawn

MODES = {"normal": "", "presenter": "?present=true"}
SIZES = [(1280, 720), (1920, 1080)]


def address(slug: str, mode: str) -> str:
    return ("/" if slug == DEFAULT else f"/{slug}") + MODES[mode]


def file_name(slug: str, mode: str, size: tuple[int, int]) -> str:
    return f"{slug}_{mode}_{size[0]}x{size[1]}.png"


def deck_address() -> str:
    """Step 2 of a three-view deck (the example of README's "Presenting")."""
    from urllib.parse import urlencode

    from kenpo.deck import Deck, Entry

    deck = Deck()
    for page, params, heading in [
        ("national", {"view": "推移", "metric": "加入者数"}, "全国の加入者数"),
        ("branch_monthly", {"branch": "群馬", "metric": "保険証回収率", "basis": "累計"}, "群馬 保険証回収率（累計）"),
        ("branch_vs_national", {"branch": "群馬", "view": "KPI一覧"}, "群馬のKPI一覧"),
    ]:
        deck = deck.add(Entry.of(page, params, heading))
    second = deck.entries[1]
    return f"/{second.page}?" + urlencode({**second.query(), "present": "true", "deck": deck.code(), "step": "2"})


def shoot(browser, url: str, slug: str, mode: str, size: tuple[int, int], target: Path, path: str = "") -> None:
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    page = context.new_page()
    page.goto(url + (path or address(slug, mode)))
    wait_until_drawn(page)
    if mode == "presenter":  # what the audience sees: the window
        page.screenshot(path=str(target))
        context.close()
        return
    # Streamlit scrolls its main area, not the document: the window is made as tall as the page's
    # content (same width, so the same layout) for the screenshot to hold the whole page.
    content = page.evaluate(
        """() => Math.max(...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stSidebarContent"]')]
            .map(e => e.scrollHeight), document.documentElement.scrollHeight)"""
    )
    if content > height:
        page.set_viewport_size({"width": width, "height": content})
        wait_until_drawn(page)
    page.screenshot(path=str(target), full_page=True)
    context.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "screenshots")
    parser.add_argument("--only", nargs="*", default=None, help="slugs to retake (the others are left as they are)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    pages = [slug for slug in slugs() if not args.only or slug in args.only]
    made: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kenpo.duckdb"
        build(db)
        with dashboard(db) as (url, _), sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for slug in pages:
                for mode in MODES:
                    for size in SIZES:
                        target = args.out / file_name(slug, mode, size)
                        shoot(browser, url, slug, mode, size, target)
                        made.add(target.name)
                        print(target)
            if not args.only:
                for size in SIZES:
                    target = args.out / f"deck_step2_presenter_{size[0]}x{size[1]}.png"
                    shoot(browser, url, "deck", "presenter", size, target, deck_address())
                    made.add(target.name)
                    print(target)
            browser.close()
    if not args.only:
        for stale in sorted(args.out.glob("*.png")):
            if stale.name not in made:
                stale.unlink()
                print(f"removed {stale}")


if __name__ == "__main__":
    main()
