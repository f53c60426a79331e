"""The sidebar's filters as a user works them in the browser, whatever widget kenpo.filters chose
(a segmented control or pills: buttons; radio buttons; a selectbox or multiselect: a list that
opens). Found by their label."""

from __future__ import annotations

KINDS = ("stSelectbox", "stMultiSelect", "stRadio", "stButtonGroup")


def filter_box(page, label: str):
    """The sidebar filter labelled ``label``."""
    boxes = ", ".join(f'[data-testid="stSidebar"] [data-testid="{k}"]' for k in KINDS)
    return page.locator(boxes).filter(has=page.locator('[data-testid="stWidgetLabel"]', has_text=label)).first


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the filter ``label`` (for several choices: toggle it)."""
    box = filter_box(page, label)
    kind = box.get_attribute("data-testid")
    if kind in ("stSelectbox", "stMultiSelect"):
        box.locator("input").click()
        page.get_by_role("option", name=option, exact=True).click()
    elif kind == "stRadio":
        box.locator('[data-testid="stRadioOption"]').get_by_text(option, exact=True).click()
    else:
        box.get_by_role("button", name=option, exact=True).or_(
            box.get_by_role("radio", name=option, exact=True)
        ).click()


def chosen(page, label: str) -> list[str]:
    """The options chosen in the filter ``label``, as shown."""
    box = filter_box(page, label)
    kind = box.get_attribute("data-testid")
    if kind == "stSelectbox":
        return [box.locator("input").input_value()]
    if kind == "stMultiSelect":
        return list(box.locator('[data-baseweb="tag"]').all_inner_texts())
    if kind == "stRadio":
        options = box.locator('[data-testid="stRadioOption"]')
        return [
            options.nth(i).inner_text().strip()
            for i in range(options.count())
            if options.nth(i).locator("input").is_checked()
        ]
    return [b.inner_text().strip() for b in box.locator('button[data-selected="true"]').all()]
