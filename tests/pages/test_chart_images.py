"""Charts into slides, on the pages: every chart offers a PNG and an SVG of itself (deferred
downloads, kenpo.charts.render), with the title, the unit and the page's 出典 line inside, nothing
touching an edge, named 支部_指標_年度; a page run renders no image, a click renders one.

The images are read as a click delivers them: the callable the page gave each button, published
in st.session_state[OFFERED] (AppTest cannot click a deferred download)."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from kenpo.charts import images
from kenpo.downloads import OFFERED
from tests.pages.conftest import assert_clean, charts

SVG = "{http://www.w3.org/2000/svg}"
# Windows forbids \ / : * ? " < > | in a file name; no white space either, one extension at the end
SAFE_NAME = re.compile(r'^[^\\/:*?"<>|\s.]+\.(png|svg)$')

# (page, address, chart key, file name without extension, title, unit named in the image)
CASES = [
    (
        "branch_monthly",
        {"branch": "群馬", "metric": "保険証回収率"},
        "chart",
        "群馬_保険証回収率_令和5-6年度",
        "群馬 保険証回収率（累計）",
        "%",
    ),
    (
        "national",
        {"view": "推移", "metric": "加入者数"},
        "chart",
        "全国_加入者数_平成26-令和5年度",
        "全国 加入者数の推移",
        "千人",
    ),
    (
        "declarations",
        {"declaration": "宣言2"},
        "metric_0",
        "日本健康会議_宣言2（市町村）_平成28-令和2年度",
        "宣言2（市町村） の達成数と目標",
        "市町村",
    ),
    (
        "branch_vs_national",
        {"branch": "群馬", "view": "KPI一覧"},
        "chart",
        "群馬_KPI一覧_令和3・6年度",
        "群馬支部 KPIの達成状況",
        None,
    ),
    (
        "national",
        {"view": "健診等"},
        "health_checks_1",
        "全国_健診・保健指導等_事業所_令和4-5年度",
        "健診・保健指導等の実施状況（令和4年度と令和5年度・単位 事業所）",
        "事業所",
    ),
]


def _texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def _squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


def _blank(strip: Image.Image) -> bool:
    return strip.getcolors() == [(strip.width * strip.height, (255, 255, 255))]


def _source_lines(at) -> list[str]:
    return [c.value for c in at.caption if c.value.startswith("出典:")]


@pytest.mark.parametrize(("slug", "params", "key", "stem", "title", "unit"), CASES)
def test_chart_image_has_title_unit_and_source_inside_and_says_what_it_is(
    open_page, slug, params, key, stem, title, unit
):
    at = open_page(slug, **params)
    assert_clean(at)
    offered = at.session_state[OFFERED]
    png_offer, svg_offer = offered[f"img_png_{key}"], offered[f"img_svg_{key}"]
    buttons = {b.key: b for b in at.get("download_button")}
    assert buttons[f"img_png_{key}"].proto.label == "図をPNGで保存"
    assert buttons[f"img_svg_{key}"].proto.label == "図をSVGで保存"
    assert (png_offer.file_name, svg_offer.file_name) == (f"{stem}.png", f"{stem}.svg")
    assert SAFE_NAME.match(png_offer.file_name), png_offer.file_name

    svg = svg_offer().decode("utf-8")
    texts = _texts(svg)
    assert title in texts, texts[:5]
    if unit:
        assert any(f"単位 {unit}" in t for t in texts), texts[:5]
    # the 出典 line the page prints under the chart, whole, as text (wrapped into lines)
    (source,) = set(_source_lines(at))
    source_start = next(i for i, t in enumerate(texts) if t.startswith("出典:"))
    assert _squeezed("".join(texts[source_start:])) == _squeezed(source)

    png = Image.open(io.BytesIO(png_offer())).convert("RGB")
    width, height = int(ET.fromstring(svg).get("width")), int(ET.fromstring(svg).get("height"))
    assert png.size == (2400, height * 2) and width == 1200
    # 8 px along each edge are background only: the title is not clipped, nothing runs off the side
    for edge in ((0, 0, png.width, 8), (0, png.height - 8, png.width, png.height), (0, 0, 8, png.height)):
        assert _blank(png.crop(edge)), edge
    assert _blank(png.crop((png.width - 8, 0, png.width, png.height))), "right edge"


@pytest.mark.parametrize(
    ("slug", "params", "count"),
    [
        ("national", {"view": "健診等"}, 2),
        ("declarations", {"declaration": "宣言2"}, 2),
        ("declarations", {"declaration": "宣言6", "view": "保険者種別"}, 2),
        ("national", {"view": "KPI"}, 1),
        ("insurers", {"view": "事業所規模"}, 1),
        ("branch_vs_national", {"branch": "三重", "metric": "保険証回収率"}, 1),
    ],
)
def test_every_chart_has_its_own_pair_of_buttons_and_file_names(open_page, slug, params, count):
    at = open_page(slug, **params)
    assert_clean(at)
    assert len(charts(at)) == count
    keys = [b.key for b in at.get("download_button") if b.key.startswith("img_")]
    assert len(keys) == len(set(keys)) == 2 * count
    names = [at.session_state[OFFERED][k].file_name for k in keys]
    assert len(set(names)) == len(names), names
    assert len(_source_lines(at)) == count  # each chart carries its 出典 line, as its image does
    for name in names:
        assert SAFE_NAME.match(name), name
    for k in keys:  # every chart's image: 1200 px wide, its 出典 line in it
        if k.startswith("img_svg_"):
            svg = at.session_state[OFFERED][k]().decode("utf-8")
            assert ET.fromstring(svg).get("width") == "1200"
            assert any(t.startswith("出典:") for t in _texts(svg))


def test_a_page_run_renders_no_image_and_a_click_renders_one(open_page):
    before = images.renders
    at = open_page("branch_monthly", branch="群馬", metric="保険証回収率")
    at.run()  # a rerun, as after any widget change
    at = open_page("national", view="健診等")
    assert_clean(at)
    assert images.renders == before, "a page run rendered an image"
    at.session_state[OFFERED]["img_svg_health_checks_0"]()
    assert images.renders == before + 1


def test_presenter_mode_offers_no_image_download(open_page):
    at = open_page("branch_monthly", branch="群馬", metric="保険証回収率", present="true")
    assert_clean(at)
    assert charts(at) and _source_lines(at)
    assert not at.get("download_button")
