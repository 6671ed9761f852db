"""Tenant isolation and CSRF, over every organisation-scoped route of app.url_map.

Each feature contributes a factory fixture (`<feature>_objects`, in tests/fixtures/) that
creates one object for every object-id URL argument it uses; new routes are picked up from
the url_map automatically.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lokaal_avg import create_app
from lokaal_avg.accounts.models import Membership
from lokaal_avg.core.extensions import db
from lokaal_avg.register.models import DataCategory

ROLES = ("beheerder", "functionaris", "medewerker", "lezer")
FEATURES = (
    "channels",
    "remediation",
    "dossiers",
    "organisations",
    "dpia",
    "breaches",
    "requests",
    "exchange",
    "publiek",
)

# Values for URL arguments that are not object ids.
PLAIN_ARGS = {"kind": "gegevens", "step": "basis", "action": "goedkeuren"}


def org_rules():
    """(rule, method) of every route below /o/<org_slug>/, read from the real url_map."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "ARGON2_PROFILE": "CHEAPEST"})
    rules = []
    for rule in app.url_map.iter_rules():
        if "org_slug" not in rule.arguments:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rules.append(pytest.param(rule.rule, method, id=f"{method} {rule.rule}"))
    return rules


ORG_RULES = org_rules()


@pytest.fixture
def objects_in(app, request, create_user, create_activity, create_processor):
    """A function creating one object of every kind in an organisation: {url argument: id}."""
    feature_makers = [request.getfixturevalue(f"{feature}_objects") for feature in FEATURES]

    def make(org) -> dict[str, int]:
        member = create_user(org=org, role="beheerder")
        ids = {
            "activity_id": create_activity(org, department="Burgerzaken", name="Geheim van B").id,
            "processor_id": create_processor(org, name="Verwerker van B").id,
            "department_id": org.departments[0].id,
        }
        with app.app_context():
            ids["membership_id"] = db.session.scalar(select(Membership.id).where(Membership.user_id == member.id))
            ids["item_id"] = db.session.scalar(select(DataCategory.id).where(DataCategory.organisation_id == org.id))
        for maker in feature_makers:
            ids.update(maker(org))
        return ids

    return make


@pytest.fixture
def plain_args(request) -> dict[str, str]:
    values = dict(PLAIN_ARGS)
    for feature in FEATURES:
        values.update(request.getfixturevalue(f"{feature}_plain_args"))
    return values


@pytest.fixture
def world(create_org, create_user, objects_in):
    """Organisation A with a member per role; organisation B with one object of every kind."""
    org_a = create_org(slug="orga")
    org_b = create_org(slug="orgb")
    members = {
        role: create_user(org=org_a, role=role, departments=("Burgerzaken",) if role == "medewerker" else ())
        for role in ROLES
    }
    return {"a": org_a, "b": org_b, "members": members, "foreign_ids": objects_in(org_b)}


def build_path(rule: str, slug: str, values: dict) -> str:
    path = rule.replace("<org_slug>", slug)
    for name, value in values.items():
        for converter in ("int:", "string:", ""):
            path = path.replace(f"<{converter}{name}>", str(value))
    assert "<" not in path, f"no value for an argument of {rule}: add it to a *_objects or *_plain_args fixture"
    return path


def send(client, method: str, path: str, **kwargs):
    if method == "GET":
        return client.get(path)
    return client.post(path, data={}, **kwargs)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("rule", "method"), ORG_RULES)
def test_objects_of_another_organisation_are_404(client, login, world, plain_args, role, rule, method):
    login(world["members"][role])
    values = {**plain_args, **world["foreign_ids"]}
    # 1. Through the member's own organisation, with ids that belong to organisation B.
    if any(f"{name}>" in rule for name in world["foreign_ids"]):
        assert send(client, method, build_path(rule, "orga", values)).status_code == 404
    # 2. Through organisation B's own URLs, where the user is no member.
    response = send(client, method, build_path(rule, "orgb", values))
    assert response.status_code == 404
    assert "Geheim van B" not in response.get_data(as_text=True)


@pytest.mark.parametrize(("rule", "method"), [p for p in ORG_RULES if p.values[1] == "POST"])
def test_state_changing_routes_refuse_missing_csrf_token(
    client, login, create_org, create_user, objects_in, plain_args, rule, method
):
    org = create_org(slug="eigen")
    ids = objects_in(org)
    login(create_user(org=org, role="functionaris"))
    response = send(client, "POST", build_path(rule, "eigen", {**plain_args, **ids}), csrf=False)
    assert response.status_code == 400
    assert "beveiligingscode" in response.get_data(as_text=True)


def test_logout_needs_csrf_token(client, login, create_user):
    login(create_user())
    assert client.post("/logout", csrf=False).status_code == 400
    assert client.post("/logout").status_code == 302
