"""Issue 10: an entry never contradicts itself (DPIA rule, approvals, transfers, retention, dates)."""

from __future__ import annotations

import re

from sqlalchemy import select

from lokaal_avg.core.extensions import db
from lokaal_avg.processors.models import Processor
from lokaal_avg.register.models import DataCategory, ProcessingActivity, SubjectCategory


def ids(app, org, model, *codes):
    with app.app_context():
        return list(db.session.scalars(select(model.id).where(model.organisation_id == org.id, model.code.in_(codes))))


def text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def load(app, activity_id):
    with app.app_context():
        activity = db.session.get(ProcessingActivity, activity_id)
        activity.data_categories  # noqa: B018 - load before the context closes
        return activity


def test_dpia_screening_counts_and_prints_derived_criteria_with_their_source(
    app, client, login, create_org, create_user, create_activity
):
    org = create_org()
    login(create_user(org=org, role="functionaris"))
    one = create_activity(org, name="Eén criterium", dpia_criteria=["evaluatie_scoring"])
    derived = create_activity(
        org,
        name="Speelplein",
        dpia_criteria=["evaluatie_scoring"],
        minors=True,
        data_categories=ids(app, org, DataCategory, "gezondheid"),
    )
    page = text(client.get(f"/o/{org.slug}/register/{one.id}"))
    assert "1 van de 9 criteria: een DPIA is niet waarschijnlijk verplicht" in page
    assert "Twee of meer" not in page and "DPIA-criteria zijn van toepassing" not in page

    page = text(client.get(f"/o/{org.slug}/register/{derived.id}"))
    # Three criteria count, and the page says why each one does.
    assert "3 criteria: een DPIA is waarschijnlijk verplicht" in page
    assert "er worden gegevens van minderjarigen verwerkt" in page
    assert "bijzondere categorie: Gezondheidsgegevens (art. 9)" in page
    assert "(aangevinkt)" in page
    assert "3 DPIA-criteria zijn van toepassing" in page  # the warning uses the same count


def test_edit_after_approval_no_longer_reads_approved_by(
    app, client, login, create_org, create_user, create_activity, department_id
):
    org = create_org()
    dpo = create_user(org=org, role="functionaris", name="Dora Functionaris")
    staff = create_user(org=org, role="medewerker", departments=("Burgerzaken",))
    activity = create_activity(org, department="Burgerzaken", name="Huwelijken")
    login(dpo)
    client.post(f"/o/{org.slug}/register/{activity.id}/status/goedkeuren")
    assert "Goedgekeurd door Dora Functionaris" in text(client.get(f"/o/{org.slug}/register/{activity.id}"))
    client.post("/logout")
    login(staff)
    response = client.post(
        f"/o/{org.slug}/register/{activity.id}/stap/doel", data={"purposes": "Huwelijken voltrekken"}
    )
    assert response.status_code == 302
    page = text(client.get(f"/o/{org.slug}/register/{activity.id}"))
    assert "Concept" in page and "Goedgekeurd door" not in page
    stored = load(app, activity.id)
    assert (stored.status, stored.approved_by_id) == ("concept", None)
    history = text(client.get(f"/o/{org.slug}/register/{activity.id}/geschiedenis"))
    assert "Goedgekeurd door" in history and "Dora Functionaris" in history


def test_transfer_yes_needs_countries_mechanism_and_document(
    app, client, login, create_org, create_user, create_activity
):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    activity = create_activity(org, name="Nieuwsbrief")
    url = f"/o/{org.slug}/register/{activity.id}/stap/ontvangers"
    response = client.post(url, data={"third_country_transfers": "ja"})
    assert response.status_code == 200
    page = text(response)
    assert "Kies de landen buiten de EER" in page and "Kies de waarborg" in page
    assert load(app, activity.id).third_country_transfers is None  # nothing saved

    response = client.post(
        url,
        data={
            "third_country_transfers": "ja",
            "transfer_countries": ["US"],
            "transfer_mechanism": "modelcontractbepalingen",
        },
    )
    assert "Vermeld waar het document met de waarborg te vinden is" in text(response)

    response = client.post(
        url,
        data={
            "third_country_transfers": "ja",
            "transfer_countries": ["US", "IN"],
            "transfer_mechanism": "modelcontractbepalingen",
            "transfer_document": "Bijlage 3 bij de verwerkersovereenkomst",
        },
    )
    assert response.status_code == 302
    stored = load(app, activity.id)
    assert (stored.third_country_transfers, sorted(stored.transfer_countries)) == (True, ["IN", "US"])
    page = text(client.get(f"/o/{org.slug}/register/{activity.id}"))
    assert "Verenigde Staten" in page and "India" in page and "Modelcontractbepalingen" in page
    assert "Bijlage 3 bij de verwerkersovereenkomst" in page

    # Answering "nee" afterwards removes the destinations: no contradiction left behind. A browser also
    # sends the untouched "— kies —" of the safeguard list, which must not block the step.
    response = client.post(
        url, data={"third_country_transfers": "nee", "transfer_mechanism": "", "transfer_document": ""}
    )
    assert response.status_code == 302
    stored = load(app, activity.id)
    assert (stored.transfer_countries, stored.transfer_mechanism) == ([], None)


def test_processor_outside_eea_needs_countries_and_safeguards(app, client, login, create_org, create_user):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    response = client.post(f"/o/{org.slug}/verwerkers/nieuw", data={"name": "Cloud Inc", "location": "derde_land"})
    assert response.status_code == 200
    assert "Kies de landen buiten de EER" in text(response)
    with app.app_context():
        assert db.session.scalar(select(Processor).where(Processor.organisation_id == org.id)) is None
    response = client.post(
        f"/o/{org.slug}/verwerkers/nieuw",
        data={
            "name": "Cloud Inc",
            "location": "derde_land",
            "third_countries": ["US"],
            "transfer_mechanism": "adequaatheidsbesluit",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        processor = db.session.scalar(select(Processor).where(Processor.organisation_id == org.id))
        assert (processor.third_countries, processor.transfer_mechanism) == (["US"], "adequaatheidsbesluit")


def test_retention_per_data_category(app, client, login, create_org, create_user, create_activity):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    identification, health = ids(app, org, DataCategory, "identificatie"), ids(app, org, DataCategory, "gezondheid")
    activity = create_activity(org, name="Thuiszorg", data_categories=identification + health)
    url = f"/o/{org.slug}/register/{activity.id}/stap/bewaring"
    form = client.get(url).get_data(as_text=True)
    assert "Bewaartermijn per categorie van persoonsgegevens" in form and "Gezondheid" in form
    order = [int(v) for v in re.findall(r'name="category_retention-\d+-category_id" type="hidden" value="(\d+)"', form)]
    assert sorted(order) == sorted(identification + health)
    data = {"retention": "Vijf jaar na het einde van de hulp"}
    for index, category_id in enumerate(order):
        data[f"category_retention-{index}-category_id"] = str(category_id)
        data[f"category_retention-{index}-period"] = "Twee jaar na de laatste zorg" if category_id in health else ""
    assert client.post(url, data=data).status_code == 302
    assert load(app, activity.id).retention_by_category == {str(health[0]): "Twee jaar na de laatste zorg"}
    page = text(client.get(f"/o/{org.slug}/register/{activity.id}"))
    assert "Gezondheidsgegevens: Twee jaar na de laatste zorg" in page
    history = text(client.get(f"/o/{org.slug}/register/{activity.id}/geschiedenis"))
    assert "Gezondheidsgegevens: Twee jaar na de laatste zorg" in history and str(health[0]) + ":" not in history


def test_far_future_end_date_is_refused_and_pages_keep_working(
    app, client, login, create_org, create_user, create_activity
):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    activity = create_activity(org, name="Archief")
    response = client.post(
        f"/o/{org.slug}/register/{activity.id}/beeindigen",
        data={"end-end_date": "9999-12-31", "end-replaced_by_id": "0"},
    )
    assert response.status_code == 302
    assert load(app, activity.id).status == "concept"
    page = client.get(f"/o/{org.slug}/register/{activity.id}")
    assert page.status_code == 200


def test_subject_category_of_vulnerable_people_counts_for_dpia(app, create_org, create_activity):
    from lokaal_avg.register import rules

    org = create_org()
    activity = create_activity(
        org, name="Budgetbeheer", subject_categories=ids(app, org, SubjectCategory, "clienten_sociale_dienst")
    )
    with app.app_context():
        fresh = db.session.get(ProcessingActivity, activity.id)
        screening = rules.dpia_screening(fresh)
        assert screening.codes == ["kwetsbare_betrokkenen"] and not screening.likely


def test_far_future_dates_stored_earlier_do_not_break_pages_or_the_calendar(
    app, client, login, create_org, create_user, create_activity, make_action
):
    from datetime import date

    from lokaal_avg.remediation.models import Action

    org = create_org()
    user = create_user(org=org, role="beheerder", name="Vera")
    activity = create_activity(org, name="Oud archief")
    action_id = make_action(org, title="Ooit", assignee_id=user.id, due_date=date(2030, 1, 1))
    with app.app_context():
        stored = db.session.get(ProcessingActivity, activity.id)
        stored.status, stored.end_date = "beeindigd", date.max
        db.session.get(Action, action_id).due_date = date.max
        db.session.commit()
    login(user)
    assert client.get(f"/o/{org.slug}/register/{activity.id}").status_code == 200
    feed = re.search(r'value="(http://[^"]+\.ics)"', client.post("/profiel/agenda").get_data(as_text=True)).group(1)
    body = client.get(feed.replace("http://lokaal-avg.test", "")).get_data(as_text=True)
    assert "DTSTART;VALUE=DATE:99991231" in body and "DTEND;VALUE=DATE:99991231" in body

    # New far-future dates are refused with a message, never stored.
    response = client.post(
        f"/o/{org.slug}/acties/{action_id}/bewerken",
        data={"title": "Ooit", "priority": "laag", "due_date": "9999-12-31", "assignee_id": str(user.id)},
    )
    assert "Kies een datum tussen 01/01/1900 en 31/12/2199" in text(response)


def test_one_definition_of_in_the_register(app, client, login, create_org, create_user, create_activity):
    from datetime import date

    from lokaal_avg.register import services
    from lokaal_avg.register.queries import register_activities, register_summaries

    org = create_org()
    user = create_user(org=org, role="beheerder")
    kept = [create_activity(org, name=f"Actief {n}") for n in range(3)]
    ended = create_activity(org, name="Afgesloten")
    with app.app_context():
        fresh_org = db.session.get(type(org), org.id)
        services.end_activity(fresh_org, None, db.session.get(ProcessingActivity, ended.id), date(2025, 1, 1), None)
        db.session.commit()
        listed = {a.id for a in db.session.scalars(register_activities(org.id))}
        summary = register_summaries([org.id])[org.id]
    assert listed == {a.id for a in kept}
    assert (summary.total, summary.ended) == (3, 1)
    login(user)
    assert "3 verwerkingen in het register" in text(client.get(f"/o/{org.slug}/"))
    assert "3 verwerkingen gevonden" in text(client.get(f"/o/{org.slug}/register/"))


def test_history_reads_as_sentences(app, client, login, create_org, create_user, create_activity, department_id):
    org = create_org()
    dpo = create_user(org=org, role="functionaris", name="Dora Functionaris")
    activity = create_activity(org, name="Bibliotheek")
    login(dpo)
    base = f"/o/{org.slug}/register/{activity.id}"
    first = " ".join(f"Zin {n} over het uitlenen van boeken aan leden." for n in range(12))
    client.post(
        f"{base}/stap/basis",
        data={
            "name": "Bibliotheek",
            "role": "verwerkingsverantwoordelijke",
            "department_id": department_id(org, "Vrije tijd"),
            "description": first,
        },
    )
    second = first.replace("Zin 5 over", "Zin vijf over")
    client.post(
        f"{base}/stap/basis",
        data={
            "name": "Bibliotheek",
            "role": "verwerkingsverantwoordelijke",
            "department_id": department_id(org, "Vrije tijd"),
            "description": second,
        },
    )
    client.post(f"{base}/stap/bewaring", data={"retention": "Vijf jaar", "retention_end_action": "vernietigen"})
    client.post(f"{base}/status/goedkeuren")
    page = client.get(f"{base}/geschiedenis").get_data(as_text=True)
    words = text(client.get(f"{base}/geschiedenis"))
    for internal in ("approved_by_id", "retention_end_action", "department_id", "last_reviewed_at", "status_changed"):
        assert internal not in words
    assert "Goedgekeurd door Dora Functionaris" in words.replace("— ", "")  # a name, not "— → 3"
    assert "Wat gebeurt er na de bewaartermijn" in words and "Vernietigen" in words
    assert "Dienst" in words and "Vrije tijd" in words
    assert "status gewijzigd" in words and "Goedgekeurd" in words
    assert re.search(r"\d{1,2} \w+ \d{4} \d{2}:\d{2} CES?T", words)  # local time with its zone
    # The long description changed by one word: shown in full, with that word marked.
    assert "<del" in page and ">5</del>" in page and ">vijf</ins>" in page
    assert "Zin 11 over het uitlenen van boeken aan leden." in words  # never truncated

    log = text(client.get(f"/o/{org.slug}/audit/"))
    assert "Verwerking gewijzigd" in log and "ProcessingActivity" not in log and "approved_by_id" not in log


def test_dpia_step_counts_the_derived_criteria_too(app, client, login, create_org, create_user, create_activity):
    org = create_org()
    login(create_user(org=org, role="beheerder"))
    activity = create_activity(org, name="Kampen", minors=True, dpia_criteria=["evaluatie_scoring"])
    page = text(client.get(f"/o/{org.slug}/register/{activity.id}/stap/bewaring"))
    assert "Ook van toepassing volgens de fiche zelf" in page
    assert "er worden gegevens van minderjarigen verwerkt" in page
    assert "Nu tellen 2 criteria mee: een DPIA is waarschijnlijk verplicht." in page
