"""Invitations by e-mail: a single-use link for seven days; the inviter learns nothing about accounts."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select, update

from lokaal_avg.accounts.models import Invitation, Membership, User
from lokaal_avg.core.db import utcnow
from lokaal_avg.core.extensions import db
from tests.conftest import TEST_PASSWORD
from tests.fixtures.accounts import link_in

PASSWORD = "het archief van de gemeente"


def _flash(page: str) -> str:
    return re.sub(r"\s+", " ", re.search(r'class="alert[^"]*"[^>]*>(.*?)</div>', page, re.S).group(1)).strip()


def _membership(app, user_id: int, org_id: int) -> Membership | None:
    with app.app_context():
        return db.session.scalars(
            select(Membership).where(Membership.user_id == user_id, Membership.organisation_id == org_id)
        ).first()


def test_a_new_person_follows_the_link_and_chooses_name_and_password(
    app, client, login, create_org, create_user, smtp_server, audit_actions
):
    org = create_org(name="Gemeente Uitnodigem")
    admin = create_user(org=org, role="beheerder", name="Bea Beheer")
    login(admin)
    response = client.post(
        f"/o/{org.slug}/leden/uitnodigen",
        data={"email": "Nieuw@Gemeente.be", "role": "medewerker", "departments": [org.departments[0].id]},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Uitnodiging verstuurd naar nieuw@gemeente.be." in page
    assert "Openstaande uitnodigingen" in page and "nieuw@gemeente.be" in page
    [message] = smtp_server.to("nieuw@gemeente.be")
    assert message["Subject"] == "Uitnodiging voor Gemeente Uitnodigem"
    text = smtp_server.text(message)
    assert "Bea Beheer nodigt u uit voor Gemeente Uitnodigem" in text and "7 dagen" in text
    link = link_in(text, "/uitnodiging/")
    client.post("/logout")
    invitee = app.test_client()
    form = invitee.get(link)
    assert form.status_code == 200 and "nieuw@gemeente.be" in form.get_data(as_text=True)
    weak = invitee.post(link, data={"name": "Nina Nieuw", "new_password": "kort", "confirm": "kort"})
    assert "minstens 12 tekens" in weak.get_data(as_text=True)
    done = invitee.post(link, data={"name": "Nina Nieuw", "new_password": PASSWORD, "confirm": PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/o/{org.slug}/")
    assert invitee.get(f"/o/{org.slug}/register/").status_code == 200  # signed in, a member
    with app.app_context():
        user = db.session.scalars(select(User).where(User.email == "nieuw@gemeente.be")).one()
        membership = db.session.scalars(select(Membership).where(Membership.user_id == user.id)).one()
        assert (user.name, membership.role) == ("Nina Nieuw", "medewerker")
        assert [d.name for d in membership.departments] == [org.departments[0].name]
    # The link worked once.
    again = app.test_client().get(link)
    assert again.status_code == 404 and "Deze link werkt niet (meer)" in again.get_data(as_text=True)
    assert [a for a, _ in audit_actions("nieuw@gemeente.be")][:1] == ["invitation_sent"]


def test_an_expired_link_fails(app, client, login, create_org, create_user, smtp_server):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    client.post(f"/o/{org.slug}/leden/uitnodigen", data={"email": "laat@gemeente.be", "role": "lezer"})
    link = link_in(smtp_server.text(smtp_server.received[0]), "/uitnodiging/")
    with app.app_context():
        db.session.execute(update(Invitation).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    assert app.test_client().get(link).status_code == 404
    assert "verlopen" in client.get(f"/o/{org.slug}/leden").get_data(as_text=True)


def test_inviting_an_existing_account_reveals_nothing_and_attaches_only_on_accept(
    app, client, login, create_org, create_user, smtp_server
):
    elsewhere = create_org()
    known = create_user(org=elsewhere, role="functionaris", email="dpo@regio.be", name="Dirk Gedeeld")
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    answers = []
    for email in ("dpo@regio.be", "onbekend@regio.be"):
        response = client.post(f"/o/{org.slug}/leden/uitnodigen", data={"email": email, "role": "functionaris"})
        answers.append((response.status_code, _flash(client.get(response.headers["Location"]).get_data(as_text=True))))
    assert answers == [
        (302, "Uitnodiging verstuurd naar dpo@regio.be."),
        (302, "Uitnodiging verstuurd naar onbekend@regio.be."),
    ]
    members_page = client.get(f"/o/{org.slug}/leden").get_data(as_text=True)
    assert "Dirk Gedeeld" not in members_page
    text_known = smtp_server.text(smtp_server.to("dpo@regio.be")[0])
    text_unknown = smtp_server.text(smtp_server.to("onbekend@regio.be")[0])
    assert re.sub(r"http\S+", "", text_known) == re.sub(r"http\S+", "", text_unknown)  # the same mail
    assert _membership(app, known.id, org.id) is None
    # The owner follows the link, is asked to sign in, and accepts.
    link = link_in(text_known, "/uitnodiging/")
    dpo = app.test_client()
    ask = dpo.get(link).get_data(as_text=True)
    assert "U hebt al een account" in ask
    dpo.post(f"/login?next={link}", data={"email": "dpo@regio.be", "password": TEST_PASSWORD})
    assert _membership(app, known.id, org.id) is None  # signing in alone attaches nothing
    accepted = dpo.post(link)
    assert accepted.status_code == 302
    assert _membership(app, known.id, org.id).role == "functionaris"
    assert dpo.get(link).status_code == 404


def test_someone_else_signed_in_cannot_accept(app, client, login, create_org, create_user, smtp_server):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    target = create_user(email="echt@gemeente.be")
    client.post(f"/o/{org.slug}/leden/uitnodigen", data={"email": "echt@gemeente.be", "role": "beheerder"})
    link = link_in(smtp_server.text(smtp_server.received[0]), "/uitnodiging/")
    intruder = app.test_client()
    intruder.post("/login", data={"email": create_user().email, "password": TEST_PASSWORD})
    assert intruder.post(link).status_code == 403
    assert _membership(app, target.id, org.id) is None


def test_resend_makes_a_new_link_and_withdraw_kills_it(app, client, login, create_org, create_user, smtp_server):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    client.post(f"/o/{org.slug}/leden/uitnodigen", data={"email": "twee@gemeente.be", "role": "lezer"})
    with app.app_context():
        invitation_id = db.session.scalar(select(Invitation.id).where(Invitation.email == "twee@gemeente.be"))
    first = link_in(smtp_server.text(smtp_server.received[0]), "/uitnodiging/")
    client.post(f"/o/{org.slug}/leden/uitnodigingen/{invitation_id}/opnieuw")
    second = link_in(smtp_server.text(smtp_server.received[1]), "/uitnodiging/")
    assert first != second
    assert app.test_client().get(first).status_code == 404
    assert app.test_client().get(second).status_code == 200
    page = client.post(f"/o/{org.slug}/leden/uitnodigingen/{invitation_id}/intrekken", follow_redirects=True)
    assert "Uitnodiging voor twee@gemeente.be ingetrokken." in page.get_data(as_text=True)
    assert app.test_client().get(second).status_code == 404
    # Inviting a member again is refused with the organisation's own knowledge only.
    again = client.post(f"/o/{org.slug}/leden/uitnodigen", data={"email": "twee@gemeente.be", "role": "lezer"})
    assert again.status_code == 302  # withdrawn, so a new invitation is fine


def test_removing_a_member_asks_first_and_keeps_the_account(app, client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    leaver = create_user(org=org, role="lezer", name="Lea Vertrek")
    with app.app_context():
        membership_id = db.session.scalar(select(Membership.id).where(Membership.user_id == leaver.id))
    question = client.get(f"/o/{org.slug}/leden/{membership_id}/verwijderen").get_data(as_text=True)
    assert "Lea Vertrek verwijderen uit de organisatie?" in question
    assert _membership(app, leaver.id, org.id) is not None  # asking changed nothing
    done = client.post(f"/o/{org.slug}/leden/{membership_id}/verwijderen", follow_redirects=True)
    assert "Lea Vertrek is geen lid meer van de organisatie." in done.get_data(as_text=True)
    assert _membership(app, leaver.id, org.id) is None
    with app.app_context():
        assert db.session.get(User, leaver.id) is not None
    assert "Lea Vertrek" in client.get(f"/o/{org.slug}/audit/").get_data(as_text=True)
