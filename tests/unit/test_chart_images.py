"""Chart images for slides (kenpo.charts.images): rendered by vl-convert with the real Noto Sans CJK
fonts, Japanese drawn as glyphs (not empty boxes), a missing font an error, the 出典 line wrapped
inside the width, file names safe on Windows, the cached spec never modified."""

from __future__ import annotations

import copy
import io
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from PIL import Image, ImageChops

from kenpo import charts
from kenpo.charts import images
from kenpo.fiscal import fiscal_years_span

SVG = "{http://www.w3.org/2000/svg}"


def _bars_spec(title: str, *, unit: str = "人", subtitle: str = "") -> dict:
    frame = pd.DataFrame({"label": ["群馬", "三重"], "value": [120.0, 80.0]})
    return charts.bars(
        frame, category="label", value="value", title=title, unit=unit, subtitle=subtitle, presenting=True
    ).to_dict()


def _texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


def _png(raw: bytes) -> Image.Image:
    return Image.open(io.BytesIO(raw)).convert("RGB")


def test_the_cjk_font_is_installed_and_a_folder_without_it_is_an_error(tmp_path):
    folder = images.cjk_font_folder()
    assert all((folder / name).is_file() for name in images.FONT_FILES)
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "NotoSansCJK-Regular.ttc").write_bytes(b"")  # one weight alone is not enough
    with pytest.raises(images.FontMissing, match="fonts-noto-cjk"):
        images.cjk_font_folder([tmp_path, tmp_path / "nowhere"])


def test_japanese_text_is_drawn_as_glyphs_not_empty_boxes():
    """Missing glyphs are all drawn as the same box: two titles of as many different kanji would
    give the same pixels. With the font they differ, and the title has ink in it."""
    gunma = _png(images.png(_bars_spec("群馬支部の保険証回収率"), source="出典: 資料 「表」"))
    mie = _png(images.png(_bars_spec("三重支部の特定健診受診率"), source="出典: 資料 「表」"))
    assert gunma.size == mie.size
    title = (0, 0, gunma.width, 2 * (images.PADDING + 30))
    assert ImageChops.difference(gunma.crop(title), mie.crop(title)).getbbox() is not None
    assert gunma.crop(title).convert("L").getextrema()[0] < 100  # dark title text is there


def test_image_has_title_unit_and_source_as_text_on_white_with_a_margin():
    source = "出典: 協会けんぽ 令和5年度 事業報告書（案）概要版 「加入者数の推移」"
    svg = images.svg(_bars_spec("加入者数"), source=source, unit="人")
    texts = _texts(svg)
    assert "加入者数" in texts
    assert "単位 人" in texts  # the subtitle names the unit where the chart's title does not
    assert source in texts
    root = ET.fromstring(svg)
    assert root.get("width") == str(images.WIDTH)
    png = _png(images.png(_bars_spec("加入者数"), source=source, unit="人"))
    assert png.width == images.WIDTH * images.SCALE == 2400
    assert png.height == int(root.get("height")) * images.SCALE
    margin = 8 * images.SCALE // 2  # 8 px of the PNG on every side: white, nothing touches an edge
    for box in (
        (0, 0, png.width, margin),
        (0, png.height - margin, png.width, png.height),
        (0, 0, margin, png.height),
        (png.width - margin, 0, png.width, png.height),
    ):
        assert png.crop(box).getcolors() == [(png.crop(box).width * png.crop(box).height, (255, 255, 255))], box


def test_a_unit_the_title_names_is_not_repeated():
    spec = images.image_spec(_bars_spec("健診（単位 人）", subtitle="棒は0から"), unit="人")
    assert spec["title"]["subtitle"] == "棒は0から"
    spec = images.image_spec(_bars_spec("健診", subtitle="棒は0から"), unit="人")
    assert spec["title"]["subtitle"] == "棒は0から・単位 人"


def test_the_cached_spec_is_not_modified():
    spec = _bars_spec("加入者数")
    before = copy.deepcopy(spec)
    images.svg(spec, source="出典: 資料", unit="人")
    assert spec == before


def test_a_long_source_wraps_inside_the_width_and_keeps_every_character():
    source = "出典: " + " / ".join(
        f"資料{i} 「第{i}章 加入者の推移（被保険者・被扶養者）」「付表{i}」" for i in range(6)
    )
    lines = images.wrap(source, images.WIDTH - 2 * images.PADDING)
    assert len(lines) > 1
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", source)
    assert all(images._text_width(line, images.SOURCE_FONT_SIZE) <= images.WIDTH - 2 * images.PADDING for line in lines)
    assert not any(line[0] in "」）、。" for line in lines)  # no line starts with a closing mark
    svg = images.svg(_bars_spec("加入者数"), source=source, unit="人")
    assert [t for t in _texts(svg) if t in lines] == lines


def test_file_names_say_what_the_chart_shows_and_are_safe_on_windows():
    assert (
        images.file_name(["群馬", "保険証回収率", None, "令和5-6年度"], ".png") == "群馬_保険証回収率_令和5-6年度.png"
    )
    assert images.file_name(["日本健康会議", "宣言2", "宣言2（市町村）", "平成28-令和2年度"], ".svg") == (
        "日本健康会議_宣言2（市町村）_平成28-令和2年度.svg"
    )
    name = images.file_name(["三重", 'a/b\\c:d*e?f"g<h>i|j', " 単月 ", "x.", "\t"], ".png")
    assert name == "三重_a-b-c-d-e-f-g-h-i-j_単月_x.png"
    assert not re.search(r'[\\/:*?"<>|\s]', name)


@pytest.mark.parametrize(
    "years,text",
    [
        ([2023, 2024], "令和5-6年度"),
        (range(2014, 2024), "平成26-令和5年度"),
        ([2022, 2024], "令和4・6年度"),
        ([2024, 2023, 2023], "令和5-6年度"),
        ([2019], "令和元年度"),
        ([2018, 2020], "平成30・令和2年度"),
        ([], ""),
    ],
)
def test_fiscal_years_span(years, text):
    assert fiscal_years_span(years) == text
