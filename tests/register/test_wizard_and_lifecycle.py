"""The register as users work with it: wizard, permissions, lifecycle, history."""

from __future__ import annotations

from sqlalchemy import select

from lokaal_avg.core.extensions import db
from lokaal_avg.register.models import DataCategory, ProcessingActivity, SubjectCategory


def load(app, activity_id: int) -> ProcessingActivity:
    with app.app_context():
        activity = db.session.get(ProcessingActivity, activity_id)
        activity.data_categories  # noqa: B018 - load before the context closes
        activity.subject_categories  # noqa: B018
        return activity


def category_ids(app, org, model, *codes):
    with app.app_context():
        return list(db.session.scalars(select(model.id).where(model.organisation_id == org.id, model.code.in_(codes))))


def test_wizard_walks_through_every_step_to_review(app, client, login, create_org, create_user, department_id):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    response = client.post(
        f"/o/{org.slug}/register/nieuw",
        data={
            "name": "Inschrijving speelpleinwerking",
            "department_id": department_id(org, "Vrije tijd"),
            "role": "verwerkingsverantwoordelijke",
            "next": "1",
        },
    )
    assert response.status_code == 302
    assert "/stap/doel" in response.headers["Location"]
    with app.app_context():
        activity_id = db.session.scalar(
            select(ProcessingActivity.id).where(ProcessingActivity.organisation_id == org.id)
        )
    base = f"/o/{org.slug}/register/{activity_id}/stap"
    client.post(
        f"{base}/doel?wizard=1",
        data={"purposes": "Kinderen inschrijven voor de speelpleinwerking.", "legal_basis": "e"},
    )
    response = client.post(
        f"{base}/gegevens?wizard=1",
        data={
            "subject_categories": category_ids(app, org, SubjectCategory, "minderjarigen"),
            "data_categories": category_ids(app, org, DataCategory, "identificatie", "gezondheid"),
            "minors": "y",
            "collection_channels": ["webformulier"],
        },
    )
    assert response.headers["Location"].endswith("/stap/ontvangers?wizard=1")
    page = client.get(f"{base}/controle?wizard=1").get_data(as_text=True)
    # The review step lists what is still missing, and the special-category warning.
    assert "Categorieën van ontvangers" in page
    assert "Bewaartermijn" in page
    assert "art. 9.2" in page
    activity = load(app, activity_id)
    assert activity.minors is True
    assert {c.code for c in activity.data_categories} == {"identificatie", "gezondheid"}
    assert activity.status == "concept"


def test_invalid_list_ids_are_refused_and_nothing_is_lost(app, client, login, create_org, create_user, create_activity):
    org, other = create_org(), create_org()
    login(create_user(org=org, role="beheerder"))
    activity = create_activity(org, purposes="Bestaand doel")
    foreign = category_ids(app, other, DataCategory, "identificatie")
    response = client.post(
        f"/o/{org.slug}/register/{activity.id}/stap/gegevens",
        data={"data_categories": foreign, "subject_categories": []},
    )
    # WTForms refuses ids that are not among this organisation's choices.
    assert response.status_code == 200
    assert "is een ongeldige keuze" in response.get_data(as_text=True)
    assert load(app, activity.id).purposes == "Bestaand doel"


def test_medewerker_edits_only_own_departments(app, client, login, create_org, create_user, create_activity):
    org = create_org()
    login(create_user(org=org, role="medewerker", departments=("Burgerzaken",)))
    own = create_activity(org, department="Burgerzaken")
    foreign = create_activity(org, department="Vrije tijd")
    assert client.get(f"/o/{org.slug}/register/{own.id}/stap/doel").status_code == 200
    assert client.get(f"/o/{org.slug}/register/{foreign.id}/stap/doel").status_code == 403
    assert client.post(f"/o/{org.slug}/register/{foreign.id}/stap/doel", data={"purposes": "x"}).status_code == 403
    # Reading the other department's entry is allowed.
    assert client.get(f"/o/{org.slug}/register/{foreign.id}").status_code == 200


def test_only_the_functionaris_approves(client, login, create_org, create_user, create_activity):
    org = create_org()
    activity = create_activity(org)
    login(create_user(org=org, role="beheerder"))
    client.post(f"/o/{org.slug}/register/{activity.id}/status/indienen")
    assert client.post(f"/o/{org.slug}/register/{activity.id}/status/goedkeuren").status_code == 403
    client.post("/logout")
    login(create_user(org=org, role="functionaris"))
    response = client.post(f"/o/{org.slug}/register/{activity.id}/status/goedkeuren", follow_redirects=True)
    assert "Verwerking goedgekeurd." in response.get_data(as_text=True)


def test_edit_by_non_dpo_sends_approved_entry_back_to_concept(
    app, client, login, create_org, create_user, create_activity
):
    org = create_org()
    activity = create_activity(org, department="Burgerzaken", purposes="Oud doel")
    dpo = create_user(org=org, role="functionaris")
    login(dpo)
    client.post(f"/o/{org.slug}/register/{activity.id}/status/goedkeuren")
    assert load(app, activity.id).status == "goedgekeurd"
    # The DPO's own edit keeps the approval.
    client.post(f"/o/{org.slug}/register/{activity.id}/stap/doel", data={"purposes": "Beter doel"})
    assert load(app, activity.id).status == "goedgekeurd"
    client.post("/logout")
    login(create_user(org=org, role="medewerker", departments=("Burgerzaken",)))
    response = client.post(
        f"/o/{org.slug}/register/{activity.id}/stap/doel", data={"purposes": "Nieuw doel"}, follow_redirects=True
    )
    assert "terug op concept" in response.get_data(as_text=True)
    assert load(app, activity.id).status == "concept"


def test_lezer_reads_but_cannot_change(client, login, create_org, create_user, create_activity):
    org = create_org()
    activity = create_activity(org)
    login(create_user(org=org, role="lezer"))
    assert client.get(f"/o/{org.slug}/register/{activity.id}").status_code == 200
    assert client.get(f"/o/{org.slug}/register/nieuw").status_code == 403
    assert client.post(f"/o/{org.slug}/register/{activity.id}/status/indienen").status_code == 403
    assert (
        client.post(f"/o/{org.slug}/register/{activity.id}/beeindigen", data={"end-end_date": "2026-01-01"}).status_code
        == 403
    )


def test_end_keeps_entry_readable_in_its_own_filter(app, client, login, create_org, create_user, create_activity):
    org = create_org()
    old = create_activity(org, name="Oude papieren inschrijving")
    new = create_activity(org, name="Digitale inschrijving")
    login(create_user(org=org, role="functionaris"))
    client.post(
        f"/o/{org.slug}/register/{old.id}/beeindigen",
        data={"end-end_date": "2026-06-30", "end-replaced_by_id": str(new.id)},
    )
    ended = load(app, old.id)
    assert ended.status == "beeindigd"
    assert ended.replaced_by_id == new.id
    active_list = client.get(f"/o/{org.slug}/register/").get_data(as_text=True)
    assert "Oude papieren inschrijving" not in active_list
    ended_list = client.get(f"/o/{org.slug}/register/?status=beeindigd").get_data(as_text=True)
    assert "Oude papieren inschrijving" in ended_list
    detail = client.get(f"/o/{org.slug}/register/{old.id}").get_data(as_text=True)
    assert "Digitale inschrijving" in detail


def test_history_shows_each_version_with_field_diff(client, login, create_org, create_user, create_activity):
    org = create_org()
    activity = create_activity(org, purposes="Eerste versie van het doel")
    login(create_user(org=org, role="beheerder", name="Jan Beheer"))
    client.post(f"/o/{org.slug}/register/{activity.id}/stap/doel", data={"purposes": "Tweede versie van het doel"})
    page = client.get(f"/o/{org.slug}/register/{activity.id}/geschiedenis").get_data(as_text=True)
    assert "Versie 2" in page
    assert "Eerste versie van het doel" in page
    assert "Tweede versie van het doel" in page
    assert "Jan Beheer" in page


def test_user_text_is_escaped(client, login, create_org, create_user, create_activity):
    org = create_org()
    activity = create_activity(org, name="<script>alert(1)</script>", purposes="<b>vet</b>\nregel twee")
    login(create_user(org=org, role="lezer"))
    page = client.get(f"/o/{org.slug}/register/{activity.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;vet&lt;/b&gt;<br>regel twee" in page


def test_medewerker_cannot_create_an_entry_without_one_of_their_departments(
    app, client, login, create_org, create_user
):
    org = create_org()
    login(create_user(org=org, role="medewerker", departments=("Burgerzaken",)))
    response = client.post(f"/o/{org.slug}/register/nieuw", data={"name": "Zonder dienst", "role": "verwerker"})
    assert response.status_code == 200
    assert "Kies een van uw diensten." in response.get_data(as_text=True)
    with app.app_context():
        assert (
            db.session.scalar(select(ProcessingActivity.id).where(ProcessingActivity.organisation_id == org.id)) is None
        )
