"""'Maak actie' proposes the finding's action in the form; only Bewaren makes it, Annuleren leaves nothing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lokaal_avg.core.extensions import db
from lokaal_avg.remediation.models import Action
from tests.remediation.helpers import WELL_RUN, actions_of
from tests.remediation.test_actions import scan_finding


@pytest.fixture
def org_and_dpo(create_org, create_user):
    org = create_org(**WELL_RUN)
    return org, create_user(org=org, role="functionaris")


def test_maak_actie_shows_the_proposal_without_making_anything(app, client, login, org_and_dpo):
    org, dpo = org_and_dpo
    finding_id = scan_finding(app, org)
    login(dpo)
    finding_page = client.get(f"/o/{org.slug}/acties/bevindingen/{finding_id}").get_data(as_text=True)
    assert f"/o/{org.slug}/acties/nieuw?bevinding={finding_id}" in finding_page
    form = client.get(f"/o/{org.slug}/acties/nieuw?bevinding={finding_id}").get_data(as_text=True)
    assert 'value="Contactformulier: Geen HTTPS"' in form  # the proposal, ready to change
    assert f'href="/o/{org.slug}/acties/bevindingen/{finding_id}">Annuleren' in form.replace("\n", "")
    with app.app_context():
        assert actions_of(org.id) == []


def test_bewaren_makes_the_findings_action_with_the_changes(app, client, login, org_and_dpo):
    org, dpo = org_and_dpo
    finding_id = scan_finding(app, org)
    login(dpo)
    url = f"/o/{org.slug}/acties/nieuw?bevinding={finding_id}"
    response = client.post(url, data={"title": "HTTPS aanzetten op het formulier", "priority": "midden"})
    assert response.status_code == 302
    with app.app_context():
        (action,) = actions_of(org.id)
        assert (action.finding_id, action.title, action.priority) == (
            finding_id,
            "HTTPS aanzetten op het formulier",
            "midden",
        )
    # A second visit finds the action that now exists instead of proposing another.
    again = client.get(url)
    assert again.status_code == 302 and f"/acties/{action.id}" in again.location
    with app.app_context():
        assert len(db.session.scalars(select(Action).where(Action.finding_id == finding_id)).all()) == 1


def test_a_finding_of_another_organisation_is_404(app, client, login, org_and_dpo, create_org):
    org, dpo = org_and_dpo
    foreign = scan_finding(app, create_org(slug="elders", **WELL_RUN))
    login(dpo)
    assert client.get(f"/o/{org.slug}/acties/nieuw?bevinding={foreign}").status_code == 404
