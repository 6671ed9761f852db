"""One set of colours that passes WCAG 2.1 AA everywhere: the theme, its badges and buttons, the
charts and the dossier.

axe-core measures the rendered pages (tests/browser/); this test reads the colour sources
themselves, so a colour that is on no test page yet (a badge of a rare status, a chart series,
a PDF style) is held to the same rule: 4.5:1 for text, 3:1 for lines and markers (1.4.11).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lokaal_avg.overview import charts

ROOT = Path(__file__).resolve().parent.parent
WHITE, LIGHT_GREY, STRIPE = "#ffffff", "#f8f9fa", "#f2f2f2"  # page, bg-light, table-striped rows
TEXT, GRAPHICS = 4.5, 3.0


def luminance(colour: str) -> float:
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def theme_variable(name: str) -> str:
    css = (ROOT / "static/css/app.css").read_text(encoding="utf-8")
    match = re.search(rf"--bs-{name}:\s*(#[0-9a-fA-F]{{3,6}})", css)
    assert match, f"--bs-{name} is not set in static/css/app.css"
    return match.group(1)


def test_contrast_formula_matches_known_values():
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#92befe", "#0d6efd") == pytest.approx(2.36, abs=0.01)  # the navbar of issue 15


@pytest.mark.parametrize("name", ["primary", "secondary", "success", "danger", "link-color", "link-hover-color"])
def test_theme_colours_are_readable_as_text_on_every_light_background(name):
    colour = theme_variable(name)
    for background in (WHITE, LIGHT_GREY, STRIPE):
        assert contrast(colour, background) >= TEXT, f"--bs-{name} {colour} on {background}"


@pytest.mark.parametrize("name", ["primary", "secondary", "success", "danger"])
def test_white_text_on_badges_buttons_and_the_navbar_is_readable(name):
    assert contrast(WHITE, theme_variable(name)) >= TEXT


def test_every_button_background_in_the_theme_carries_white_text():
    css = (ROOT / "static/css/app.css").read_text(encoding="utf-8")
    backgrounds = set(re.findall(r"--bs-btn-(?:hover-|active-|disabled-)?bg:\s*(#[0-9a-fA-F]{6})", css))
    assert len(backgrounds) >= 8
    for background in backgrounds:
        assert contrast(WHITE, background) >= TEXT, background


def test_chart_lines_and_texts_stand_out_from_the_white_chart():
    for colour, _dash, _marker in charts.STYLES:
        assert contrast(colour, WHITE) >= GRAPHICS, colour
    source = Path(charts.__file__).read_text(encoding="utf-8")
    text_fills = re.findall(r'<text[^>]*fill="(#[0-9a-fA-F]{3,6})"', source)
    assert text_fills
    for colour in text_fills:
        assert contrast(colour, WHITE) >= TEXT, colour


def test_dossier_text_colours_are_readable_on_paper_and_in_table_headers():
    css = (ROOT / "static/css/dossier.css").read_text(encoding="utf-8")
    header = re.search(r"thead th \{[^}]*background:\s*(#[0-9a-fA-F]{3,6})", css).group(1)
    colours = set(re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", css))
    assert len(colours) >= 5
    for colour in colours:
        for background in (WHITE, header):
            assert contrast(colour, background) >= TEXT, f"{colour} on {background}"
