"""Removing a member asks first (a page of its own, no JavaScript needed); a new member is a lezer by default."""

from __future__ import annotations

from sqlalchemy import select

from lokaal_avg.accounts.models import Membership
from lokaal_avg.extensions import db


def membership_of(app, user) -> Membership | None:
    with app.app_context():
        return db.session.scalar(select(Membership).where(Membership.user_id == user.id))


def test_remove_asks_for_confirmation_and_only_the_confirmed_post_removes(app, client, login, create_org, create_user):
    org = create_org(slug="bevestig")
    admin = create_user(org=org, role="beheerder")
    member = create_user(org=org, role="lezer", name="Lea Lezer")
    membership = membership_of(app, member)
    login(admin)
    members = client.get(f"/o/{org.slug}/leden").get_data(as_text=True)
    confirm_url = f"/o/{org.slug}/leden/{membership.id}/verwijderen"
    assert f'href="{confirm_url}"' in members  # a link to the question, not a one-click form
    question = client.get(confirm_url)
    page = question.get_data(as_text=True)
    assert question.status_code == 200
    assert "Lea Lezer verwijderen?" in page and "Ja, verwijder Lea Lezer" in page
    assert f'action="{confirm_url}"' in page and f'href="/o/{org.slug}/leden"' in page  # Annuleren
    assert membership_of(app, member) is not None  # asking removed nothing
    client.post(confirm_url)
    assert membership_of(app, member) is None


def test_confirmation_page_is_for_beheerders_only(app, client, login, create_org, create_user):
    org = create_org(slug="alleenbeheer")
    member = create_user(org=org, role="lezer")
    login(create_user(org=org, role="functionaris"))
    assert client.get(f"/o/{org.slug}/leden/{membership_of(app, member).id}/verwijderen").status_code == 403


def test_new_member_role_defaults_to_the_least_powerful(client, login, create_org, create_user):
    org = create_org(slug="standaardrol")
    login(create_user(org=org, role="beheerder"))
    page = client.get(f"/o/{org.slug}/leden").get_data(as_text=True)
    assert '<option selected value="lezer">' in page or '<option value="lezer" selected>' in page
    roles = page[page.index('name="role"') :]
    assert roles.index('value="lezer"') < roles.index('value="beheerder"')  # least powerful first
