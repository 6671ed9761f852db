"""A DPIA from screening to approval, versions after approval, prior consultation, roles."""

from __future__ import annotations

import re

from sqlalchemy import select

from lokaal_avg.audit.models import AuditEntry
from lokaal_avg.core.extensions import db
from lokaal_avg.dpia.models import Dpia
from lokaal_avg.organisations.models import Organisation
from lokaal_avg.register.models import ProcessingActivity
from tests.fixtures.dpia import LIKELY, RISK

TEXTS = {
    "description": "Camera's op het marktplein.",
    "purposes": "Openbare orde",
    "proportionality": "Beelden 30 dagen bewaard.",
}
HIGH_RESIDUAL = {**RISK, "title": "Profilering van voorbijgangers", "residual_likelihood": 3, "residual_severity": 3}


def dpia_id_of(app, activity_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(Dpia.id).where(Dpia.activity_id == activity_id))


def test_from_screening_to_an_approved_frozen_dpia_and_a_new_version(
    app, client, login, create_org, create_user, create_activity
):
    org = create_org()
    staff = create_user(org=org, role="medewerker", departments=("Burgerzaken",))
    dpo = create_user(org=org, role="functionaris", name="Fien Functionaris")
    admin = create_user(org=org, role="beheerder", name="Bart Beheerder")
    camera = create_activity(
        org,
        department="Burgerzaken",
        name="Camerabewaking",
        description="Camera's op het marktplein.",
        dpia_criteria=LIKELY,
        purposes="Openbare orde handhaven",
    )
    base = f"/o/{org.slug}/dpia"

    login(staff)
    listing = client.get(f"{base}/").get_data(as_text=True)
    assert "Camerabewaking" in listing and "DPIA starten" in listing
    response = client.post(f"{base}/starten/{camera.id}")
    dpia_id = dpia_id_of(app, camera.id)
    assert response.headers["Location"].endswith(f"{base}/{dpia_id}")
    page = client.get(f"{base}/{dpia_id}").get_data(as_text=True)
    assert "Camera&#39;s op het marktplein." in page and "Openbare orde handhaven" in page  # from the register
    client.post(
        f"{base}/{dpia_id}/bewerken",
        data={
            "description": "Camera's op het marktplein.",
            "purposes": "Openbare orde",
            "necessity": "Nodig wegens overlast.",
            "proportionality": "Beelden 30 dagen bewaard.",
        },
    )
    for risk in (RISK, HIGH_RESIDUAL):
        assert client.post(f"{base}/{dpia_id}/risicos/nieuw", data=risk).status_code == 302
    page = client.get(f"{base}/{dpia_id}").get_data(as_text=True)
    assert page.count('role="img"') == 2 and "<desc id=" in page  # two heat maps with a text alternative
    assert "Onrechtmatige toegang tot camerabeelden" in page and "Profilering van voorbijgangers" in page
    assert "Voorafgaande raadpleging nodig" in page and "VTC" in page
    assert "Beslissen" not in page  # a medewerker does not decide
    assert client.get(f"{base}/{dpia_id}/beslissing").status_code == 403
    assert client.get(f"{base}/{dpia_id}/advies").status_code == 403

    client.post("/logout")
    login(admin)
    refused = client.post(f"{base}/{dpia_id}/beslissing", data={"decision": "raadpleging", "decision_reasons": "Ok"})
    assert "advies van de functionaris" in refused.get_data(as_text=True)
    assert client.post(f"{base}/{dpia_id}/advies", data={"dpo_advice": "Ik adviseer."}).status_code == 403

    client.post("/logout")
    login(dpo)
    client.post(f"{base}/{dpia_id}/advies", data={"dpo_advice": "Positief, mits raadpleging van de VTC."})
    client.post("/logout")
    login(admin)
    refused = client.post(f"{base}/{dpia_id}/beslissing", data={"decision": "doorgaan", "decision_reasons": "Ok"})
    assert "hoog restrisico" in refused.get_data(as_text=True)
    response = client.post(
        f"{base}/{dpia_id}/beslissing",
        data={"decision": "raadpleging", "decision_reasons": "Veiligheid op de markt.", "review_on": "2027-06-30"},
    )
    assert response.status_code == 302
    page = client.get(f"{base}/{dpia_id}").get_data(as_text=True)
    assert "goedgekeurd en vastgezet" in page and "Fien Functionaris" in page and "Bart Beheerder" in page
    assert "30 jun 2027" in page
    with app.app_context():
        assert db.session.get(ProcessingActivity, camera.id).dpia_status == "uitgevoerd"

    # An edit after approval makes version 2; version 1 stays as it was approved.
    client.post("/logout")
    login(staff)
    response = client.post(
        f"{base}/{dpia_id}/bewerken",
        data={
            "description": "Camera's op het marktplein.",
            "purposes": "Openbare orde",
            "necessity": "Nu ook 's nachts.",
            "proportionality": "Beelden 30 dagen bewaard.",
            "review_on": "2027-06-30",
        },
        follow_redirects=True,
    )
    assert "nieuwe versie 2" in response.get_data(as_text=True)
    current = client.get(f"{base}/{dpia_id}").get_data(as_text=True)
    assert "versie 2" in current and "Nu ook &#39;s nachts." in current and "concept" in current
    old = client.get(f"{base}/{dpia_id}/versies/1").get_data(as_text=True)
    assert "Nodig wegens overlast." in old and "eerdere versie" in old and "Bewerken" not in old
    assert client.get(f"{base}/{dpia_id}/versies/3").status_code == 404
    with app.app_context():
        dpia = db.session.get(Dpia, dpia_id)
        assert [(v.number, v.status) for v in dpia.versions] == [(1, "goedgekeurd"), (2, "concept")]
        assert len(dpia.versions[1].risks) == 2 and dpia.versions[0].necessity == "Nodig wegens overlast."
        assert dpia.versions[1].dpo_advice is None  # the DPO advises again on what changed
        assert db.session.get(ProcessingActivity, camera.id).dpia_status == "lopend"
        actions = db.session.scalars(
            select(AuditEntry.action).where(AuditEntry.target_type == "Dpia", AuditEntry.target_id == dpia_id)
        ).all()
    assert {"create", "update", "add_risk", "advise", "approve", "new_version"} <= set(actions)


def test_a_risk_of_an_approved_version_is_changed_in_the_new_version(
    app, client, login, create_org, create_user, create_activity, make_dpia
):
    org = create_org()
    dpo = create_user(org=org, role="functionaris")
    activity = create_activity(org, department="Burgerzaken", dpia_criteria=LIKELY)
    dpia_id = make_dpia(
        org,
        activity,
        risks=[RISK],
        advice_by=dpo,
        decided_by=dpo,
        description="Beschrijving",
        necessity="Nodig",
        proportionality="Evenredig",
    )
    login(dpo)
    with app.app_context():
        old_risk = db.session.get(Dpia, dpia_id).current.risks[0].id
    form = client.get(f"/o/{org.slug}/dpia/{dpia_id}/risicos/{old_risk}").get_data(as_text=True)
    assert "wordt versie 2" in form
    client.post(f"/o/{org.slug}/dpia/{dpia_id}/risicos/{old_risk}", data={**RISK, "residual_severity": 2})
    with app.app_context():
        dpia = db.session.get(Dpia, dpia_id)
        assert [r.residual_severity for v in dpia.versions for r in v.risks] == [4, 2]
        new_risk = dpia.current.risks[0].id
    # The approved version's risk is history now: it cannot be edited or deleted any more.
    assert client.get(f"/o/{org.slug}/dpia/{dpia_id}/risicos/{old_risk}").status_code == 404
    assert client.post(f"/o/{org.slug}/dpia/{dpia_id}/risicos/{old_risk}/verwijderen").status_code == 404
    client.post(f"/o/{org.slug}/dpia/{dpia_id}/risicos/{new_risk}/verwijderen")
    with app.app_context():
        assert [len(v.risks) for v in db.session.get(Dpia, dpia_id).versions] == [1, 0]


def test_roles_and_departments(app, client, login, create_org, create_user, create_activity, make_dpia):
    org = create_org()
    own = create_activity(org, department="Vrije tijd", name="Speelpleinwerking", dpia_criteria=LIKELY)
    other = create_activity(org, department="Burgerzaken", name="Camerabewaking", dpia_criteria=LIKELY)
    other_id = make_dpia(org, other, risks=[RISK])
    base = f"/o/{org.slug}/dpia"

    login(create_user(org=org, role="medewerker", departments=("Vrije tijd",)))
    listing = client.get(f"{base}/").get_data(as_text=True)
    assert "Speelpleinwerking" in listing and "Camerabewaking" not in listing
    assert client.get(f"{base}/{other_id}").status_code == 404
    assert client.post(f"{base}/starten/{other.id}").status_code == 403
    assert client.post(f"{base}/starten/{own.id}").status_code == 302

    client.post("/logout")
    login(create_user(org=org, role="lezer"))
    page = client.get(f"{base}/{other_id}").get_data(as_text=True)
    assert "Onrechtmatige toegang tot camerabeelden" in page and "Bewerken" not in page
    assert client.get(f"{base}/{other_id}/bewerken").status_code == 403
    assert client.post(f"{base}/{other_id}/risicos/nieuw", data=RISK).status_code == 403
    assert client.post(f"{base}/{other_id}/beslissing", data={"decision": "doorgaan"}).status_code == 403
    with app.app_context():
        assert len(db.session.get(Dpia, other_id).current.risks) == 1


def test_no_dpia_without_a_screening_that_asks_for_one(app, client, login, create_org, create_user, create_activity):
    org = create_org()
    activity = create_activity(org, name="Nieuwsbrief", dpia_criteria=["grote_schaal"])
    login(create_user(org=org, role="beheerder"))
    assert "Nieuwsbrief" not in client.get(f"/o/{org.slug}/dpia/").get_data(as_text=True)
    response = client.post(f"/o/{org.slug}/dpia/starten/{activity.id}", follow_redirects=True)
    assert "geen DPIA nodig" in response.get_data(as_text=True)
    assert dpia_id_of(app, activity.id) is None


def test_bad_input_is_refused_with_a_message_and_nothing_is_lost(
    app, client, login, create_org, create_user, create_activity, make_dpia
):
    org = create_org()
    activity = create_activity(org, dpia_criteria=LIKELY)
    dpia_id = make_dpia(org, activity, risks=[RISK])
    login(create_user(org=org, role="functionaris"))
    base = f"/o/{org.slug}/dpia/{dpia_id}"
    response = client.post(f"{base}/risicos/nieuw", data={**RISK, "likelihood": "9", "title": ""})
    assert response.status_code == 200 and "is-invalid" in response.get_data(as_text=True)
    hostile = {**RISK, "title": "<script>alert(1)</script>"}
    client.post(f"{base}/risicos/nieuw", data=hostile)
    page = client.get(base).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    response = client.post(f"{base}/beslissing", data={"decision": "vandaag", "decision_reasons": "x"})
    assert response.status_code == 200
    response = client.post(f"{base}/beslissing", data={"decision": "doorgaan", "decision_reasons": "x"})
    text = response.get_data(as_text=True)
    assert "noodzaak en evenredigheid" in text and "advies van de functionaris" in text
    assert client.get(f"{base}/risicos/999999").status_code == 404
    with app.app_context():
        dpia = db.session.get(Dpia, dpia_id)
        assert len(dpia.current.risks) == 2 and dpia.current.status == "concept"


def test_heat_map_places_risks_by_likelihood_and_severity(app):
    from lokaal_avg.dpia.heatmap import heat_map

    with app.test_request_context():
        svg = str(heat_map([(3, 4), (3, 4), (1, 1)], "Risico's <vóór>", "t"))
    assert svg.startswith("<svg") and "&lt;vóór&gt;" in svg
    counts = re.findall(r'<text x="([\d.]+)" y="([\d.]+)"[^>]*font-size="22"[^>]*>(\d+)</text>', svg)
    # likelihood 3 is the third column (x 120 + 2*64 + 32), severity 4 the top row (y 16 + 32 + 7)
    assert ("280.0", "55.0", "2") in counts and ("152.0", "247.0", "1") in counts
    assert 'fill="#f4a6a6"' in svg  # a high-risk cell


def test_an_ended_activity_gets_no_new_dpia(app, create_org, create_activity):
    import pytest

    from lokaal_avg.dpia import services

    org = create_org()
    activity = create_activity(org, dpia_criteria=LIKELY)
    with app.test_request_context():
        fresh = db.session.get(ProcessingActivity, activity.id)
        fresh.status = "beeindigd"
        with pytest.raises(services.DpiaError, match="beëindigd"):
            services.start_dpia(db.session.get(Organisation, org.id), None, fresh)
