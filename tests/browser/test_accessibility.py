"""WCAG 2.1 AA on every page the url_map exposes, as every role: axe-core finds nothing serious.

The pages are found from app.url_map (a new route is picked up automatically) and filled in
with one object of every kind, as in the tenancy matrix. Only HTML pages answered with 200 are
measured; downloads (PDF, CSV, JSON, iCalendar) are not pages. Dutch for every role; English
on one page of every feature for the role that sees the most pages.
"""

from __future__ import annotations

import pytest

from tests.browser.accessibility import axe_violations, describe
from tests.browser.conftest import sign_in
from tests.browser.pages import ROLES, get_rules, open_page, page_paths


def use_english(page) -> None:
    page.goto("/profiel")
    page.get_by_label("Taal", exact=True).select_option("en")
    page.get_by_role("button", name="Bewaren").first.click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"


# What a page shows, without the per-session CSRF tokens: the same signature means the same
# markup, already measured for another role.
SIGNATURE = """() => {
  const strip = el => el ? el.innerHTML.replace(/name="csrf_token"[^>]*>/g, '') : '';
  return [strip(document.querySelector('header')), strip(document.querySelector('main'))];
}"""


@pytest.fixture(scope="module")
def measured() -> dict[str, set[str]]:
    return {"header": set(), "main": set()}


def is_new(page, measured) -> bool:
    """True if the menu or the content differs from every page measured so far (any role)."""
    header, main = page.evaluate(SIGNATURE)
    new = header not in measured["header"] or main not in measured["main"]
    measured["header"].add(header)
    measured["main"].add(main)
    return new


def one_page_per_feature(app, paths: list[str]) -> list[str]:
    """The first page of every blueprint: enough to see the English texts in every layout."""
    features, chosen = set(), []
    for (endpoint, _rule), path in zip(get_rules(app), paths, strict=True):
        feature = endpoint.split(".")[0]
        if feature not in features:
            features.add(feature)
            chosen.append(path)
    return chosen


@pytest.mark.parametrize(("role", "language"), [*((role, "nl") for role in ROLES), ("beheerder", "en")])
def test_every_page_has_no_serious_accessibility_violation(app, page, populated, measured, role, language):
    """Dutch: every page for every role (markup another role already showed is not measured twice).
    English: one page per feature, for the role that sees them all."""
    sign_in(page, populated["members"][role])
    paths = page_paths(app, populated["values"])
    if language == "en":
        use_english(page)
        paths = one_page_per_feature(app, paths)
    problems, opened = [], 0
    for path in paths:
        if open_page(page, path) is None:
            continue
        opened += 1
        if language == "nl" and not is_new(page, measured):
            continue
        problems += describe(axe_violations(page), f"{role} ({language}) {path}")
    assert opened >= 8, "too few pages opened: did signing in work?"
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
