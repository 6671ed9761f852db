"""Phones and small windows: no page scrolls sideways, the menu folds, wide tables scroll in place.

Every page of the url_map at 390 px (a phone) and 768 px (a tablet or half a screen), as the
role that sees the most pages. Screenshots of the key pages at both widths are kept in
artifacts/browser/ for a person to look at.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.accessibility import axe_violations, describe
from tests.browser.conftest import screenshot, sign_in
from tests.browser.driving import Person
from tests.browser.pages import open_page, page_paths

WIDTHS = (390, 768)
KEY_PAGES = {
    "overzicht": "/o/gemeente/",
    "register": "/o/gemeente/register/",
    "acties": "/o/gemeente/acties/",
    "kanalen": "/o/gemeente/kanalen/",
    "audit": "/o/gemeente/audit/",
}

# Elements wider than the window, except what scrolls inside its own region (wide tables).
OVERFLOWING = """() => {
  const width = document.documentElement.clientWidth;
  const inRegion = el => el.closest('.table-responsive, pre');
  return [...document.querySelectorAll('body *')]
    .filter(el => el.getBoundingClientRect().right > width + 1 && !inRegion(el) && el.offsetParent !== null)
    .slice(0, 5)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
      + (el.className ? '.' + String(el.className).trim().split(/\\s+/).join('.') : ''));
}"""


def sideways_overflow(page) -> list[str]:
    scroll = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    return page.evaluate(OVERFLOWING) if scroll > 0 else []


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways(app, new_page, populated, width):
    page = new_page(width=width, height=800)
    sign_in(page, populated["members"]["beheerder"])
    problems = []
    for path in page_paths(app, populated["values"]):
        if open_page(page, path) is None:
            continue
        if overflow := sideways_overflow(page):
            problems.append(f"{width}px {path}: te breed door {', '.join(overflow)}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_menu_folds_and_opens_with_the_menu_button(new_page, populated, width):
    page = new_page(width=width, height=800)
    sign_in(page, populated["members"]["beheerder"])
    register_link = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Register")
    assert not register_link.is_visible()
    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    menu.click()
    register_link.click()
    page.wait_for_url(re.compile(r"/register/$"))


def test_menu_opens_with_the_keyboard_on_a_phone(new_page, populated):
    page = new_page(width=390, height=800)
    me = Person(page, keyboard=True)
    me.sign_in(populated["members"]["lezer"])
    me.menu("Register")  # Tab to "Menu", Enter, Tab to "Register", Enter
    assert page.url.endswith("/o/gemeente/register/")


def test_without_javascript_the_menu_is_shown_unfolded(new_page, populated):
    page = new_page(width=390, height=800, javascript=False)
    sign_in(page, populated["members"]["beheerder"])
    assert not page.get_by_role("button", name="Menu").is_visible()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Register").click()
    assert page.url.endswith("/o/gemeente/register/")
    assert not sideways_overflow(page)


def test_menu_is_unfolded_at_desktop_width(page, populated):
    sign_in(page, populated["members"]["beheerder"])
    assert not page.get_by_role("button", name="Menu").is_visible()
    assert page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Register").is_visible()


def test_wide_tables_scroll_in_a_labelled_region(new_page, populated):
    page = new_page(width=390, height=800)
    sign_in(page, populated["members"]["beheerder"])
    page.goto("/o/gemeente/register/")
    region = page.get_by_role("region", name="Verwerkingsactiviteiten")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth"), "the table should scroll inside its region"
    region.focus()  # keyboard users scroll it with the arrow keys
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle(), timeout=3000)


@pytest.mark.parametrize("width", WIDTHS)
def test_key_pages_at_narrow_widths_are_kept_as_screenshots_and_accessible(new_page, populated, width):
    page = new_page(width=width, height=800)
    sign_in(page, populated["members"]["functionaris"])
    problems = []
    for name, path in KEY_PAGES.items():
        page.goto(path)
        assert screenshot(page, f"{name}-{width}").stat().st_size > 5_000
        problems += describe(axe_violations(page), f"{width}px {path}")  # the narrow layout is measured too
    assert not problems, "\n".join(problems)
