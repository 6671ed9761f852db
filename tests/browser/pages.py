"""Every page of the app, filled in: the url_map's GET routes with one object of every kind.

Shared by the accessibility and small-screen tests. The organisation has a member per role,
a realistic register (tests/fixtures/dossiers.build_register) and one object for every id
argument, as in the tenancy matrix (tests/test_tenancy.py).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.fixtures.dossiers import build_register
from tests.test_tenancy import ROLES, build_path

EXTRA_ARGS = {"token": "onbekend"}  # the calendar feed's token (a 404 page, measured too)
NOT_PAGES = {"static", "bootstrap.static", "healthz"}
SLUG = "gemeente"


def get_rules(app) -> list[tuple[str, str]]:
    """(endpoint, rule) of every GET route that can render a page."""
    return sorted(
        (rule.endpoint, rule.rule)
        for rule in app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint not in NOT_PAGES
    )


@pytest.fixture(scope="module")
def _world(app):
    return {}


@pytest.fixture
def populated(app, _world, create_org, create_user, objects_in, plain_args):
    """{"members": {role: user}, "values": {url argument: value}}, built once per module."""
    if not _world:
        from lokaal_avg.core.extensions import db
        from lokaal_avg.organisations.models import Organisation

        org = create_org(slug=SLUG, name="Gemeente Toegankelijk")
        members = {
            role: create_user(org=org, role=role, departments=("Burgerzaken",) if role == "medewerker" else ())
            for role in ROLES
        }
        with app.app_context():
            build_register(db.session.get(Organisation, org.id))
            db.session.commit()
        ids = objects_in(org)
        ids["job_id"] = ids["crawl_id"]
        # The platform console's own ids (its pages are a 404 for organisation members).
        ids["user_id"], ids["org_id"] = members["lezer"].id, org.id
        ids["public_slug"] = SLUG  # the public register (unpublished: a 404 page, measured too)
        _world.update(members=members, values={**plain_args, **EXTRA_ARGS, **ids})
    return _world


def page_paths(app, values: dict) -> list[str]:
    return [build_path(rule, SLUG, values) for _endpoint, rule in get_rules(app)]


def open_page(page, path: str):
    """The response if the path is an HTML page answered with 200, else None (downloads, 403s)."""
    try:
        response = page.goto(path)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return None
        raise
    if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
        return None
    return response
