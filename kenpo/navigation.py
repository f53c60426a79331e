"""The dashboard's pages, in one list: app.py registers them, every page's sidebar links to them.

Streamlit's own sidebar menu is switched off (client.showSidebarNavigation = false): when a
deep link such as /national?view=KPI is opened in a fresh browser, Streamlit 1.67 shows the
file names of pages/ there instead of the st.navigation menu. The links drawn here are the
same on every route.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kenpo import streamlit_internals

SECTIONS: list[tuple[str, list[tuple[str, str, str]]]] = [
    ("", [("home", "概要", ":material/home:")]),
    (
        "全体",
        [
            ("insurers", "保険者", ":material/groups:"),
            ("declarations", "日本健康会議", ":material/flag:"),
            ("national", "全国", ":material/public:"),
        ],
    ),
    (
        "支部",
        [
            ("branch_monthly", "支部 月次", ":material/calendar_month:"),
            ("branch_vs_national", "支部 vs 全国", ":material/compare_arrows:"),
        ],
    ),
    ("データ", [("data", "データ", ":material/table:"), ("reconciliation", "検算", ":material/fact_check:")]),
]
DEFAULT = "home"

APP_TITLE = "kenpo｜協会けんぽ・日本健康会議 ダッシュボード"
# Applied by app.py and again by every page (kenpo.page.start): a deep link opened on a freshly
# started server runs the page file without app.py until some session has called st.navigation
# (Streamlit's pages/ directory compatibility), and must still get the wide layout and its title.
# The favicon is our own SVG, sent inline (a data: URI): a Material icon here made every page fetch
# it from fonts.gstatic.com, which fails on an office network without internet access.
FAVICON = (Path(__file__).parent / "favicon.svg").read_text(encoding="utf-8")
PAGE_CONFIG = {"page_icon": FAVICON, "layout": "wide", "initial_sidebar_state": "expanded"}


def page_file(slug: str) -> str:
    return f"pages/{slug}.py"


# The st.Page objects app.py registered, by slug. A link given a Page is resolved by its hash;
# given a file name, Streamlit resolves the path on disk for every link on every rerun
# (a third of the home page's warm run).
_registered: dict[str, st.Page] = {}
# Before app.py has run (a fresh server's first request, AppTest), Streamlit runs the page from its
# pages/ folder and names each page by its file: the same links as Pages of that scheme, made once
# per app folder.
_folder_pages: dict[tuple[str, str], st.Page] = {}


def slugs() -> list[str]:
    """Every page's slug, in menu order (the pages st.navigation registers)."""
    return [slug for _, items in SECTIONS for slug, _, _ in items]


def pages() -> dict[str, list]:
    """st.Page objects by section, for st.navigation in app.py."""
    built = {
        section: [
            st.Page(
                page_file(slug),
                title=title,
                icon=icon,
                default=slug == DEFAULT,
                url_path=None if slug == DEFAULT else slug,
            )
            for slug, title, icon in items
        ]
        for section, items in SECTIONS
    }
    _registered.update(
        {slug: p for (_, items), ps in zip(SECTIONS, built.values()) for (slug, _, _), p in zip(items, ps)}
    )
    return built


def target(slug: str) -> st.Page | str:
    """What st.page_link takes for a page: the st.Page of the navigation this run uses."""
    if not streamlit_internals.pages_directory_mode():
        return _registered.get(slug, page_file(slug))
    folder = streamlit_internals.main_script_folder()
    if folder is None:
        return page_file(slug)
    key = (folder, slug)
    if key not in _folder_pages:
        _folder_pages[key] = st.Page(page_file(slug))  # url path = file name, as the pages/ folder names it
    return _folder_pages[key]


def sidebar_links(container) -> None:
    """The page menu (Japanese titles, in section order), drawn into ``container`` at the sidebar's
    top (in a bordered box, no divider element). Seven links need no section headings; every element
    here is drawn on every rerun."""
    with container:
        for _, items in SECTIONS:
            for slug, title, icon in items:
                st.page_link(target(slug), label=title, icon=icon)
