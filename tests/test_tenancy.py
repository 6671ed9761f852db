"""Tenant isolation and CSRF, over every organisation-scoped route of app.url_map."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lokaal_avg import create_app
from lokaal_avg.extensions import db
from lokaal_avg.register.models import DataCategory

ROLES = ("beheerder", "functionaris", "medewerker", "lezer")

# How to fill in URL arguments that are not object ids.
PLAIN_ARGS = {"kind": "gegevens", "step": "basis", "action": "goedkeuren"}


def org_rules():
    """(endpoint, rule, methods) of every route below /o/<org_slug>/, read from the real url_map."""
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
def world(create_org, create_user, create_activity, create_processor, app):
    """Organisation A with a member per role; organisation B with one object of every kind."""
    org_a = create_org(slug="orga")
    org_b = create_org(slug="orgb")
    members = {
        role: create_user(org=org_a, role=role, departments=("Burgerzaken",) if role == "medewerker" else ())
        for role in ROLES
    }
    b_admin = create_user(org=org_b, role="beheerder")
    activity = create_activity(org_b, department="Burgerzaken", name="Geheim van B")
    processor = create_processor(org_b, name="Verwerker van B")
    with app.app_context():
        from lokaal_avg.accounts.models import Membership

        membership_id = db.session.scalar(select(Membership.id).where(Membership.user_id == b_admin.id))
        item_id = db.session.scalar(select(DataCategory.id).where(DataCategory.organisation_id == org_b.id))
    foreign_ids = {
        "activity_id": activity.id,
        "processor_id": processor.id,
        "department_id": org_b.departments[0].id,
        "membership_id": membership_id,
        "item_id": item_id,
    }
    return {"a": org_a, "b": org_b, "members": members, "foreign_ids": foreign_ids}


def build_path(rule: str, slug: str, ids: dict[str, int]) -> str | None:
    path = rule.replace("<org_slug>", slug)
    for name, value in {**PLAIN_ARGS, **ids}.items():
        for converter in ("int:", ""):
            path = path.replace(f"<{converter}{name}>", str(value))
    return None if "<" in path else path


def request(client, method: str, path: str):
    if method == "GET":
        return client.get(path)
    return client.post(path, data={})


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("rule", "method"), ORG_RULES)
def test_objects_of_another_organisation_are_404(client, login, world, role, rule, method):
    login(world["members"][role])
    # 1. Through the member's own organisation, with ids that belong to organisation B.
    if any(f"{name}>" in rule for name in world["foreign_ids"]):
        path = build_path(rule, "orga", world["foreign_ids"])
        assert request(client, method, path).status_code == 404
    # 2. Through organisation B's own URLs, where the user is no member.
    path = build_path(rule, "orgb", world["foreign_ids"])
    response = request(client, method, path)
    assert response.status_code == 404
    assert "Geheim van B" not in response.get_data(as_text=True)


@pytest.mark.parametrize(("rule", "method"), [p for p in ORG_RULES if p.values[1] == "POST"])
def test_state_changing_routes_refuse_missing_csrf_token(
    app, client, login, create_org, create_user, create_activity, create_processor, rule, method
):
    org = create_org(slug="eigen")
    admin = create_user(org=org, role="functionaris")
    create_user(org=org, role="beheerder")
    activity = create_activity(org, department="Burgerzaken")
    processor = create_processor(org)
    with app.app_context():
        from lokaal_avg.accounts.models import Membership

        ids = {
            "activity_id": activity.id,
            "processor_id": processor.id,
            "department_id": org.departments[0].id,
            "membership_id": db.session.scalar(select(Membership.id).where(Membership.user_id == admin.id)),
            "item_id": db.session.scalar(select(DataCategory.id).where(DataCategory.organisation_id == org.id)),
        }
    login(admin)
    response = client.post(build_path(rule, "eigen", ids), data={}, csrf=False)
    assert response.status_code == 400
    assert "beveiligingscode" in response.get_data(as_text=True)


def test_logout_needs_csrf_token(client, login, create_user):
    user = create_user()
    login(user)
    assert client.post("/logout", csrf=False).status_code == 400
    assert client.post("/logout").status_code == 302
