"""WCAG 2.1 AA on every page the url_map exposes, as every role: axe-core finds nothing serious.

The pages are found from app.url_map (a new route is picked up automatically) and filled in
with one object of every kind, as in the tenancy matrix. Only HTML pages answered with 200 are
measured; downloads (PDF, CSV, JSON, iCalendar) are not pages. Dutch for every role; English
for the role that sees the most pages.
"""

from __future__ import annotations

import pytest

from tests.browser.accessibility import axe_violations, describe
from tests.browser.conftest import sign_in
from tests.browser.pages import ROLES, open_page, page_paths


def use_english(page) -> None:
    page.goto("/profiel")
    page.get_by_label("Taal", exact=True).select_option("en")
    page.get_by_role("button", name="Bewaren").first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize(("role", "language"), [*((role, "nl") for role in ROLES), ("beheerder", "en")])
def test_every_page_has_no_serious_accessibility_violation(app, page, populated, role, language):
    sign_in(page, populated["members"][role])
    if language == "en":
        use_english(page)
    problems, measured = [], 0
    for path in page_paths(app, populated["values"]):
        if open_page(page, path) is None:
            continue
        measured += 1
        problems += describe(axe_violations(page), f"{role} ({language}) {path}")
    assert measured >= 20, "too few pages measured: did signing in work?"
    assert not problems, "\n".join(problems)


def test_sign_in_page_and_error_pages_have_no_serious_violation(page, live_server):
    problems = []
    for path in ("/login", "/o/bestaat-niet/"):
        page.goto(path)
        problems += describe(axe_violations(page), path)
    page.goto("/login")
    page.get_by_role("button", name="English").click()
    problems += describe(axe_violations(page), "/login (English)")
    assert not problems, "\n".join(problems)
