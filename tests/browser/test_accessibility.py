"""WCAG 2.1 AA on every page the url_map exposes, as every role: axe-core finds nothing serious.

The pages are found from app.url_map (a new route is picked up automatically) and filled in
with one object of every kind, as in the tenancy matrix. Only HTML pages answered with 200 are
measured; downloads (PDF, CSV, JSON, iCalendar) are not pages.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.accessibility import axe_violations, describe
from tests.browser.conftest import sign_in
from tests.fixtures.dossiers import build_register
from tests.test_tenancy import ROLES, build_path, objects_in, plain_args  # noqa: F401 - fixtures

# Pages outside an organisation, and the values their arguments need.
EXTRA_ARGS = {"token": "onbekend"}
NOT_PAGES = {"static", "bootstrap.static", "healthz"}


def get_rules(app) -> list[tuple[str, str]]:
    """(endpoint, rule) of every GET route that can render a page."""
    return sorted(
        (rule.endpoint, rule.rule)
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint not in NOT_PAGES
    )


@pytest.fixture(scope="module")
def world(app):
    return {}


@pytest.fixture
def populated(app, world, create_org, create_user, objects_in, plain_args):  # noqa: F811
    """One organisation with a member per role, a realistic register and one object of every kind."""
    if not world:
        from lokaal_avg.extensions import db
        from lokaal_avg.organisations.models import Organisation

        org = create_org(slug="gemeente", name="Gemeente Toegankelijk")
        members = {
            role: create_user(org=org, role=role, departments=("Burgerzaken",) if role == "medewerker" else ())
            for role in ROLES
        }
        with app.app_context():
            build_register(db.session.get(Organisation, org.id))
            db.session.commit()
        ids = objects_in(org)
        ids["job_id"] = ids["crawl_id"]
        world.update(members=members, values={**plain_args, **EXTRA_ARGS, **ids})
    return world


def page_paths(app, values: dict) -> list[str]:
    return [build_path(rule, "gemeente", values) for _endpoint, rule in get_rules(app)]


def open_page(page, path: str):
    """The response for an HTML page; None for a download (a PDF is not a page)."""
    try:
        return page.goto(path)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return None
        raise


@pytest.mark.parametrize("role", ROLES)
def test_every_page_has_no_serious_accessibility_violation(app, page, populated, role):
    sign_in(page, populated["members"][role])
    problems, measured = [], 0
    for path in page_paths(app, populated["values"]):
        response = open_page(page, path)
        if response is None or response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        measured += 1
        problems += describe(axe_violations(page), f"{role} {path}")
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
